"""What a store raises that the service turns into an answer."""


class SlugTaken(Exception):
    """Another article already has this slug (the unique index said so)."""


class VersionConflict(Exception):
    """The article is no longer at the version the save was made on: someone saved in between.
    `current` is the article as it is now (its `version` is the newer one)."""

    def __init__(self, current):
        super().__init__(f"article is at version {current['version']}")
        self.current = current
