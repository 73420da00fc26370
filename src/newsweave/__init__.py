"""newsweave: many news articles about the same events in, one verified story out."""

__version__ = "0.1.0"
