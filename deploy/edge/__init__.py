"""The edge: nginx in front of the gateway on results day; its config is rendered by render.py."""
