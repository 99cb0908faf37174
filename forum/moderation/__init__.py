"""Moderation: suspending and reinstating accounts, with a log of who did what and why."""
