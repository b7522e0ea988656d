"""Answers from the corpus's own sentences: intent, follow-ups, evidence, attribution, composition."""
