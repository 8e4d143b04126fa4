"""Developer and ops tools: the embedded runner (`make run`) and process helpers."""
