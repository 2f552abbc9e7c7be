"""Models of this app; it has none yet."""
