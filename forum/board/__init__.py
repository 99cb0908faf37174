"""The board: categories, threads, posts, tags and search."""
