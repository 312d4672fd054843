"""Models of discussions."""
