"""Models of resources."""
