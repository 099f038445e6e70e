"""Content: read and validate the content folder into the typed model."""
