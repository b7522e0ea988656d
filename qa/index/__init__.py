"""The on-disk index: building (full and incremental), versions and their checks, loading."""
