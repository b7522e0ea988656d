"""Scoring retrieval and answers: question sets, runs, metrics, BEIR folders."""
