"""Models of online support facility."""
