"""Mentoring: skill profiles, mentor matching rounds and mentorships."""
