"""Administration has no tables of its own: it changes other capabilities' data through their services."""
