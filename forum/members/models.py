"""The directory has no tables of its own: it reads accounts' and mentoring's."""
