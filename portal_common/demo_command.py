"""`flask --app services.<name> load-demo`, for the services with demo content: their
`<package>.demo.load_demo(app)`, imported only when the command runs (the demo's images and
fixtures stay out of every worker), then the content version moved."""

from importlib import import_module

import click

from . import content_version


def add_load_demo_command(app, demo_module):
    @app.cli.command("load-demo")
    def load_demo_command():
        """Load the demo content (idempotent)."""
        report = import_module(demo_module).load_demo(app)
        # A write that bypasses HTTP: tell the gateway's caches as a write over HTTP would.
        content_version.bump(app, app.config["SERVICE_NAME"])
        click.echo(report)
