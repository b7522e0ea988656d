"""Ranking passages for a question: tokenizer, aliases, BM25, dense search, fusion."""
