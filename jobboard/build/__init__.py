"""Build: run the stages, check links, index for search, write the site atomically."""
