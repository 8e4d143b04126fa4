"""Jinja filters for Vietnamese pages: dates as readers expect them, in Vietnam time whatever
offset a time was stored with: "26/02/2019" in lists, "Thứ ba, 26/02/2019 08:30" on an article."""

import datetime

from portal_common.timefmt import parse_iso

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def vn_date(iso_text):
    if not iso_text:
        return ""
    try:
        return parse_iso(iso_text).strftime("%d/%m/%Y")
    except ValueError:
        return ""


def vn_datetime(iso_text):
    """ "Thứ ba, 26/02/2019 08:30", as Vietnamese news portals date an article."""
    if not iso_text:
        return ""
    try:
        moment = parse_iso(iso_text)
    except ValueError:
        return ""
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y %H:%M}"


def vn_number(value, decimals=2):
    """Numbers in Vietnamese form, decimal comma, no trailing zeros: 8.5 → "8,5", 24.25 → "24,25"."""
    if value is None:
        return ""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def vn_day(date_text):
    """A calendar date "2019-02-26" (an album's or a video's event date) as "Thứ ba, 26/02/2019"."""
    try:
        day = datetime.date.fromisoformat(date_text or "")
    except ValueError:
        return ""
    return f"{WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"


def media_date(record):
    """When an album or a video took place, as the articles date themselves: the event date an
    editor set ("Thứ ba, 26/02/2019"), else the upload time ("Thứ ba, 26/02/2019 08:30")."""
    return vn_day(record.get("event_date")) or vn_datetime(record.get("created_at"))


def duration(seconds):
    """A clip's length as players show it: 75.4 → "1:15", 3725 → "1:02:05"; "" when unknown."""
    if not seconds:
        return ""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


FILTERS = {"vn_date": vn_date, "vn_datetime": vn_datetime, "vn_number": vn_number}
FILTERS.update(vn_day=vn_day, media_date=media_date, duration=duration)
