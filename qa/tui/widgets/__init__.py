"""The chat's widgets, one per module; what they show is computed in qa.tui.state."""
