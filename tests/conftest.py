"""Shared test set-up: question fixture folders are data, never collected as tests."""

collect_ignore_glob = ["fixtures/*", "fixtures/**/*", "ui/questions/*", "ui/questions/**/*"]
