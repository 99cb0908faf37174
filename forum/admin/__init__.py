"""Administration: reference data (categories, skills, regions) and accounts, for admins only."""
