"""The Textual practice app.

It talks to the engine (`trainer.questions`, `trainer.oracle`, `trainer.messages`) only through
their public API and is built by one factory, `trainer.app.factory.make_app`, which both the
`trainer` command and the UI tests use. Nothing here is imported by the engine.
"""
