"""The app's screens, one module each; imported where first shown, to keep start-up fast."""
