"""Render: each planned output to bytes (Jinja templates, JSON-LD, feeds, data)."""
