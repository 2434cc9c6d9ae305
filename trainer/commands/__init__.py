"""The `trainer` subcommands, one module each; `trainer.cli` parses and dispatches to them."""
