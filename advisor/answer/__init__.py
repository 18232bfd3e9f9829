"""Answering: scope checks, extractive and LLM answerers, citations, follow-up rewriting."""
