"""Stage 1, documents -> passages: file readers, charset detection, sentence splitting and chunking."""
