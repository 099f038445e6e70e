"""Plan: which pages and feeds the site has, from the model (pure functions, no I/O)."""
