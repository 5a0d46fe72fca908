"""Storage behind one narrow interface: `open_store(url)` returns a `Store`.

SQLite (default file) and PostgreSQL share the same tables, migrations and behaviour tests.
"""

from nkwatch.store.store import AddResult, Sighting, Store, open_store

__all__ = ["AddResult", "Sighting", "Store", "open_store"]
