"""What a store raises that the service turns into an answer."""


class UsernameTaken(Exception):
    """Another account already has this username."""


class LastActiveAdmin(Exception):
    """The change would leave no account that is an admin and not disabled: refused, nothing
    changed."""
