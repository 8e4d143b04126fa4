"""Article bodies are cleaned on write with nh3 (Rust's ammonia): an allow-list of tags and
attributes, so scripts, event handlers, style and javascript:/data: URLs never reach a page; then
the control characters (portal_common.text_fields), which would break the feeds' XML."""

import nh3

from portal_common.text_fields import clean_text

TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "a",
    "img",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "ul",
    "ol",
    "li",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# Links may also be mailto:; images only http(s) or relative (checked in _only_web_images).
URL_SCHEMES = {"http", "https", "mailto"}


def _only_web_images(tag, attribute, value):
    if tag == "img" and attribute == "src":
        lowered = value.strip().lower()
        if ":" in lowered.split("/", 1)[0] and not lowered.startswith(("http:", "https:")):
            return None
    if attribute in {"width", "height", "colspan", "rowspan", "start"} and not value.strip().isdigit():
        return None
    return value


def clean_html(html):
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_only_web_images,
    )
    # nh3 writes character references out as characters: "&#11;" comes back a raw vertical tab.
    return clean_text(cleaned, one_line=False).strip()
