"""The wiring the services that keep uploaded files beside their records (media, documents) share,
after their base app and store: the object store, the service's routes and its bytes route, the
OpenAPI document, the content version, the audit of every write (in the accounts service's audit
log) and the CLI. Each service keeps its own factory, so its modules are imported only when an
app is made (importing the package, as tools/backup does, stays light)."""

from . import audited_writes, content_version
from . import openapi as openapi_seam


def wire_file_service(app, objects, blueprints, spec, cli):
    """`objects` and `cli` are the service's modules (each with init_app); `blueprints` its API
    and its bytes routes; `spec` its OpenAPI document."""
    objects.init_app(app)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(openapi_seam.blueprint(spec))
    content_version.init_app(app)
    audited_writes.init_app(app)  # every write, in the accounts service's audit log
    cli.init_app(app)
    return app
