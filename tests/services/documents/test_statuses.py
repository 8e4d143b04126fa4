"""Statuses at their date edges: the first day in force, the last (inclusive), the day after;
effective_on missing (issued_on counts); a replacement from its own effective date. Then the
same edges through each store's status filter."""

import pytest

from portal_common.store import get_store
from services.documents import statuses
from services.documents.store import Query

from .conftest import created, day


def _record(issued_on, effective_on=None, expires_on=None, replaced_from=()):
    document = {"issued_on": issued_on, "effective_on": effective_on, "expires_on": expires_on}
    return {"starts_on": statuses.starts_on(document), "ends_on": statuses.ends_on(document, replaced_from)}


@pytest.mark.parametrize(
    "record, on_day, expected",
    [
        (_record("2025-03-01", "2025-03-15"), "2025-03-14", "not_yet"),
        (_record("2025-03-01", "2025-03-15"), "2025-03-15", "in_force"),
        (_record("2025-03-01"), "2025-02-28", "not_yet"),
        (_record("2025-03-01"), "2025-03-01", "in_force"),
        (_record("2025-03-01", expires_on="2025-07-31"), "2025-07-31", "in_force"),
        (_record("2025-03-01", expires_on="2025-07-31"), "2025-08-01", "expired"),
        (_record("2024-01-01", replaced_from=["2025-03-15"]), "2025-03-14", "in_force"),
        (_record("2024-01-01", replaced_from=["2025-03-15"]), "2025-03-15", "expired"),
        # The earlier of its own end and a replacement's start.
        (_record("2024-01-01", expires_on="2024-12-31", replaced_from=["2025-03-15"]), "2025-01-01", "expired"),
        (_record("2024-01-01", expires_on="2026-12-31", replaced_from=["2025-03-15"]), "2025-03-15", "expired"),
        # Replaced before it ever took effect: not yet, then expired, never in force.
        (_record("2025-01-01", "2025-06-01", replaced_from=["2025-04-01"]), "2025-05-01", "not_yet"),
        (_record("2025-01-01", "2025-06-01", replaced_from=["2025-04-01"]), "2025-06-01", "expired"),
        (_record("2020-02-28", expires_on="2020-02-29"), "2020-02-29", "in_force"),  # a leap day
        (_record("2020-02-28", expires_on="2020-02-29"), "2020-03-01", "expired"),
    ],
)
def test_status_at_the_edges(record, on_day, expected):
    assert statuses.status_of(record, on_day) == expected


def _filtered(app, status, on_day):
    with app.app_context():
        records, total = get_store().search(Query(today=on_day, status=status), 0, 100)
        assert total == len(records)
        return sorted(record["number"] for record in records)


def test_each_store_filters_at_the_edges(any_app, any_client):
    created(any_client, number="1/QĐ", issued_on="2025-03-01", effective_on="2025-03-15", expires_on="2025-07-31")
    created(any_client, number="2/QĐ", issued_on="2025-03-01")
    edges = {
        "2025-02-28": {"not_yet": ["1/QĐ", "2/QĐ"], "in_force": [], "expired": []},
        "2025-03-01": {"not_yet": ["1/QĐ"], "in_force": ["2/QĐ"], "expired": []},
        "2025-03-15": {"not_yet": [], "in_force": ["1/QĐ", "2/QĐ"], "expired": []},
        "2025-07-31": {"not_yet": [], "in_force": ["1/QĐ", "2/QĐ"], "expired": []},
        "2025-08-01": {"not_yet": [], "in_force": ["2/QĐ"], "expired": ["1/QĐ"]},
    }
    for on_day, expected in edges.items():
        for status, numbers in expected.items():
            assert _filtered(any_app, status, on_day) == numbers, (on_day, status)


def test_today_is_the_vietnam_date(any_client):
    """A document in force from today (Vietnam) is in force now, whatever the server's zone."""
    document = created(any_client, number="3/QĐ", issued_on=day(-3), effective_on=day(0), expires_on=day(0))
    assert document["status"] == "in_force"
    tomorrow = created(any_client, number="4/QĐ", issued_on=day(0), effective_on=day(1))
    assert tomorrow["status"] == "not_yet"
    gone = created(any_client, number="5/QĐ", issued_on=day(-9), expires_on=day(-1))
    assert gone["status"] == "expired"
