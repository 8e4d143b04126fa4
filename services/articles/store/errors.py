"""What a store raises that the service turns into an answer."""


class SlugTaken(Exception):
    """Another article already has this slug (the unique index said so)."""
