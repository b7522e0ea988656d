"""``qa chat``: the Textual terminal UI (imported only by the ``chat`` command and tests)."""
