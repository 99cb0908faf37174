"""Notifications: watch levels, in-app notifications and @mentions, fed by other capabilities' signals;
mail about them (emails.py: each one, batched; digests.py: daily and weekly)."""
