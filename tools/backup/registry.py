"""The services whose data a backup holds, in the order they go back; each one's part is its own
module (services/<name>/backup.py) speaking through that service's store seam, with what every
service does alike filled in by service_part.ServicePart."""

from services.accounts import backup as accounts
from services.articles import backup as articles
from services.documents import backup as documents
from services.exams import backup as exams
from services.media import backup as media

from .service_part import ServicePart

SERVICES = tuple(ServicePart(module) for module in (accounts, articles, media, exams, documents))
BY_NAME = {part.SERVICE: part for part in SERVICES}
