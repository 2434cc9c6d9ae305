"""The plain line mode of `trainer practice`: the same session, one printed line at a time."""
