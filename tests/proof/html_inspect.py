"""Reading HTML the way a browser would, to find what could run script: script-bearing elements,
event handler attributes, and javascript:/vbscript:/data: URLs (however they are disguised)."""

import html
import re
from html.parser import HTMLParser

ACTIVE_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "meta",
    "link",
    "style",
    "svg",
    "math",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "srcset",
    "data",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


def scheme_of(value):
    """The URL's scheme as a browser reads it: entities decoded, control chars and spaces gone."""
    return _INVISIBLE.sub("", html.unescape(value or "")).lower()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.inline_scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name.lower(), value or "") for name, value in attrs]))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, [(name.lower(), value or "") for name, value in attrs]))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data.strip()[:60])


def parse(markup):
    parser = _Elements()
    parser.feed(markup)
    parser.close()
    return parser


def script_vectors(markup, page=False):
    """Every way `markup` could run script, as readable strings (empty: none). `page`: a whole
    portal page, whose own stylesheets, forms, meta tags and same-origin script files are fine."""
    found = []
    parsed = parse(markup)
    found += [f"inline script {text!r}" for text in parsed.inline_scripts]
    for tag, attrs in parsed.elements:
        values = dict(attrs)
        if page and tag in ("form", "link", "meta"):
            pass
        elif page and tag == "script" and values.get("src", "").startswith("/") and not values["src"].startswith("//"):
            pass
        elif tag in ACTIVE_ELEMENTS:
            found.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…> handler")
            elif name in URL_ATTRIBUTES and any(
                scheme_of(part).startswith(DANGEROUS_SCHEMES) for part in value.split(",")
            ):
                found.append(f"<{tag} {name}={value[:40]!r}> URL")
            elif name == "style" and ("javascript:" in scheme_of(value) or "expression(" in scheme_of(value)):
                found.append(f"<{tag} style={value[:40]!r}>")
    return found
