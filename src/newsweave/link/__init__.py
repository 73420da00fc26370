"""Linking articles: duplicates and lineage, stories and threads, entity resolution."""
