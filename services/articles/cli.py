"""Commands for ops: `flask --app services.articles load-demo`."""

import click

from portal_common import content_version


def init_app(app):
    @app.cli.command("load-demo")
    def load_demo_command():
        """Load the demo content (idempotent)."""
        from .demo import load_demo

        report = load_demo(app)
        # A write that bypasses HTTP: tell the gateway's caches as a write over HTTP would.
        content_version.bump(app, app.config["SERVICE_NAME"])
        click.echo(report)
