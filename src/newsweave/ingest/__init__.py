"""Ingest: every kind of input turned into RawDocuments with their bytes kept."""
