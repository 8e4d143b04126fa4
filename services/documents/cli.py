"""Commands for ops: `flask --app services.documents load-demo` (portal_common.demo_command)."""

from portal_common.demo_command import add_load_demo_command


def init_app(app):
    add_load_demo_command(app, "services.documents.demo")
