"""Accounts: registration, sign-in, profiles, roles, API tokens."""
