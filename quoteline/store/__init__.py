"""The statement store: two Parquet tables (articles, statements) on disk, written atomically under a lock."""
