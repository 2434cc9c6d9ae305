"""The practice model: sessions, progress, scheduling and the engine the app and other faces
call. It imports no Textual, so a session can run in any face."""
