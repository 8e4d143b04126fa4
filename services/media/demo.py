"""Demo content for `make run`."""


def load_demo(app):
    return "media: nothing yet"
