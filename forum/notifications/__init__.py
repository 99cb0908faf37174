"""Notifications: watch levels, in-app notifications and @mentions, fed by other capabilities' signals."""
