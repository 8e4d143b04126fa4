"""A document's status, from its dates, at read time (Vietnam dates):

- it starts on `effective_on`, or `issued_on` when that is null;
- its last day in force is `expires_on` (inclusive; null: no end), or the day before the
  effective date of a document that replaces it, whichever comes first;
- `not_yet` before its start, `expired` after its last day, `in_force` between (inclusive).

The store keeps `starts_on` and `ends_on` (the last day in force) with each record, so a status
filter is a date comparison the database can do; `ends_on` is refreshed whenever a replacement
is written or removed (catalog.refresh_ends)."""

from datetime import date, timedelta

from portal_common.timefmt import now

STATUSES = ("in_force", "not_yet", "expired")
LABELS = {"in_force": "Còn hiệu lực", "not_yet": "Chưa có hiệu lực", "expired": "Hết hiệu lực"}


def today():
    return now().date().isoformat()


def starts_on(document):
    return document.get("effective_on") or document["issued_on"]


def ends_on(document, replacement_starts):
    """The last day in force: `replacement_starts` are the start dates of the documents that
    replace this one."""
    ends = [document["expires_on"]] if document.get("expires_on") else []
    ends.extend((date.fromisoformat(day) - timedelta(days=1)).isoformat() for day in replacement_starts)
    return min(ends) if ends else None


def status_of(record, on_day):
    """`record` holds starts_on and ends_on (ISO dates); `on_day` an ISO date."""
    if on_day < record["starts_on"]:
        return "not_yet"
    if record.get("ends_on") and on_day > record["ends_on"]:
        return "expired"
    return "in_force"
