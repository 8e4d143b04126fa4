"""Times in the contract's form: ISO 8601 with the Vietnam offset (+07:00)."""

from datetime import datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def now():
    return datetime.now(VIETNAM).replace(microsecond=0)


def to_vietnam(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM)
    return moment.astimezone(VIETNAM)


def to_iso(moment):
    return None if moment is None else to_vietnam(moment).isoformat()


def parse_iso(text):
    """Parse an ISO 8601 time; a time without offset is Vietnam time. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return to_vietnam(moment)


def to_epoch(moment):
    return to_vietnam(moment).timestamp()


def from_epoch(seconds):
    return datetime.fromtimestamp(seconds, VIETNAM)
