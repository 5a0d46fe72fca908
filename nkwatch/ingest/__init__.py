"""Reading documents in: one reader per format, and the batch loop that stores them.

`readers.read_path(path)` reads one file; `batch.run(store, paths, feeds=..., extract=...)`
ingests many and reports each failure as one line.
"""
