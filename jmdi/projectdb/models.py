"""Models of project database."""
