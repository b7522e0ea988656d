"""The chat's screens: the document viewer and the dialogs, one per module."""
