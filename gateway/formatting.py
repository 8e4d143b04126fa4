"""Jinja filters for Vietnamese pages: dates as readers expect them, in Vietnam time whatever
offset a time was stored with: "26/02/2019" in lists, "Thứ ba, 26/02/2019 08:30" on an article."""

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


FILTERS = {"vn_date": vn_date, "vn_datetime": vn_datetime, "vn_number": vn_number}
