"""Commands: build, check, new, serve and import, as the command line calls them."""
