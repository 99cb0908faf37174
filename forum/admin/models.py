"""Administration has no tables of its own: it changes the board's and accounts' rows through their rules."""
