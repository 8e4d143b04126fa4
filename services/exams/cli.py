"""Commands for ops: `flask --app services.exams load-demo` and
`flask --app services.exams import-results EXAM FILE [--name … --year … --published-at …]`."""

import click

from portal_common import content_version
from portal_common.errors import ApiError


def init_app(app):
    @app.cli.command("load-demo")
    def load_demo_command():
        """Load the demo content (idempotent)."""
        from .demo import load_demo

        report = load_demo(app)
        # A write that bypasses HTTP: tell the gateway's caches as a write over HTTP would.
        content_version.bump(app, app.config["SERVICE_NAME"])
        click.echo(report)

    @app.cli.command("import-results")
    @click.argument("exam_id")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False))
    @click.option("--name", help="The exam's name, e.g. 'Kỳ thi tốt nghiệp THPT năm 2025'.")
    @click.option("--year", type=int, help="Defaults to the 4-digit number in EXAM_ID.")
    @click.option("--published-at", help="Embargo until this time, ISO 8601 with offset (2026-07-16T08:00:00+07:00).")
    def import_results_command(exam_id, path, name, year, published_at):
        """Replace EXAM_ID's results with the file at PATH (.csv, .csv.gz or .xlsx)."""
        from portal_common.store import get_store

        from .importer import import_results
        from .importer.limits import ImportLimits

        with open(path, "rb") as stream:
            try:
                report = import_results(
                    get_store(),
                    exam_id,
                    stream,
                    name=name,
                    year=year,
                    published_at=published_at,
                    tmp_dir=app.config["DATA_DIR"],
                    limits=ImportLimits.from_config(app.config),
                )
            except ApiError as error:
                raise click.ClickException(error.message) from None
        content_version.bump(app, app.config["SERVICE_NAME"])  # an import outside HTTP, as load-demo
        click.echo(f"{report['exam']}: {report['imported']} imported, {report['rejected_total']} rejected")
        for row in report["rejected"][:20]:
            click.echo(f"  line {row['line']}: {row['reason']}")
