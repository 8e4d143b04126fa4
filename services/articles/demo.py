"""Demo content for `make run`."""


def load_demo(app):
    return "articles: nothing yet"
