"""Retrieval: tokenizer, keyword and dense search, fusion, glossary expansion, the index on disk."""
