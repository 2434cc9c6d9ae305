"""Reusable widgets of the practice app; each keeps its small CSS next to it (DEFAULT_CSS)."""
