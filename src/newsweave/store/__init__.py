"""The embedded store: SQLite holding every input's bytes and every stage's output."""

from newsweave.store.db import Store, default_db_path

__all__ = ["Store", "default_db_path"]
