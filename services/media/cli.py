"""Commands for ops: `flask --app services.media load-demo` (portal_common.demo_command),
`flask --app services.media posters`."""

import click

from portal_common import content_version
from portal_common.demo_command import add_load_demo_command


def init_app(app):
    add_load_demo_command(app, "services.media.demo")

    @app.cli.command("posters")
    def posters_command():
        """Give every video stored without a poster frame its frame, duration and size (idempotent)."""
        from .posters import add_missing_posters

        added, unreadable = add_missing_posters()
        if added:
            content_version.bump(app, app.config["SERVICE_NAME"])
        click.echo(f"media: {added} ảnh đại diện video mới, {unreadable} video không đọc được")
