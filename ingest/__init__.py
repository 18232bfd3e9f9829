"""Ingest: load the corpus and user documents, chunk them, embed and index them incrementally."""
