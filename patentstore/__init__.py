"""The patent corpus as a columnar analytics store (DuckDB over Parquet; a pure package, no Django)."""
