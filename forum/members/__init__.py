"""The member directory: signed-in members find each other by name, institution, region, skill and mentoring."""
