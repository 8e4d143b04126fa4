"""Commands for ops: `flask --app services.exams load-demo`."""
import click


def init_app(app):
    @app.cli.command("load-demo")
    def load_demo_command():
        """Load the demo content (idempotent)."""
        from .demo import load_demo

        click.echo(load_demo(app))
