"""What the browser tests check on any page: accessibility with axe-core, no horizontal scroll,
and numbers written as the pages write them."""

import json
import os
import re

AXE_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")

BLOCKING_IMPACTS = ("serious", "critical")
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
# Every kind of page a visitor reaches (names resolved to paths by the site_path fixture).
PAGES = (
    "home",
    "category",
    "category page 3",
    "article",
    "print",
    "search",
    "albums",
    "album",
    "videos",
    "video",
    "lookup",
    "lookup result",
    "stats",
    "not found",
)


def axe_violations(page):
    """axe-core's violations on the page as it is now (WCAG 2.0/2.1 A and AA rules and axe's best
    practices). The page's context must be made with bypass_csp=True: the portal's CSP allows
    only its own scripts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    return page.evaluate("async () => (await axe.run(document)).violations")


def describe_violations(violations):
    lines = []
    for violation in violations:
        targets = [
            ", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
            for node in violation["nodes"]
        ]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        # Only the first 8 nodes are shown; `targets` has one per node.
        for node, target in zip(violation["nodes"][:8], targets, strict=False):
            lines.append(
                f"    at {target}: {node.get('failureSummary', '').splitlines()[-1:]} {node.get('html', '')[:160]}"
            )
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page, impacts=BLOCKING_IMPACTS):
    blocking = [v for v in axe_violations(page) if v["impact"] in impacts]
    assert not blocking, f"axe-core: {'/'.join(impacts)} violations on {page.url}:\n{describe_violations(blocking)}"


def horizontal_overflow(page):
    """How far the document is wider than the viewport, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const offenders = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const id = el.id ? '#' + el.id : '';
                    const classes = el.className && typeof el.className === 'string'
                        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                    offenders.push(`${el.tagName.toLowerCase()}${id}${classes} right=${Math.round(box.right)}`);
                }
            }
            return {scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 10)};
        }"""
    )


def score_pattern(value):
    """A score as the page may write it: 8.5 → 8,5 / 8,50 / 8.5 / 8.50; 9 → 9 / 9,0 / 9,00."""
    whole, _, fraction = f"{float(value):.2f}".partition(".")
    fraction = fraction.rstrip("0")
    if not fraction:
        return re.compile(rf"(?<![\d,.]){whole}(?:[.,]0{{1,2}})?(?![\d])")
    return re.compile(rf"(?<![\d,.]){whole}[.,]{fraction}0?(?![\d])")


def pretty(data):
    return json.dumps(data, ensure_ascii=False, indent=1)[:2000]


# What a reader taps: buttons, fields, selects, disclosure buttons, and the links drawn as buttons
# (menu items, pager, article actions, photo navigation, the phổ điểm page's list of charts).
CONTROLS = (
    "button, input:not([type=hidden]), select, textarea, summary, .site-nav a, .pager a, .pager span,"
    " .article-actions a, .photo-nav a, .chart-index a"
)
MIN_CONTROL_PX = 44


def small_controls(page, minimum=MIN_CONTROL_PX):
    """The visible controls shorter than `minimum` CSS pixels, described."""
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
            .map(el => ({el, box: el.getBoundingClientRect()}))
            .filter(({box}) => box.width > 0 && box.height + 0.5 < minimum)
            .map(({el, box}) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} `
                + `"${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" `
                + `${Math.round(box.width)}×${Math.round(box.height)}`)""",
        [CONTROLS, minimum],
    )


def field_fonts(page):
    """(description, font size px, font family, the body's family) of every visible field."""
    return page.evaluate(
        """() => {
            const body = getComputedStyle(document.body).fontFamily;
            return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                .filter(el => el.getClientRects().length)
                .map(el => [el.id || el.name || el.tagName, parseFloat(getComputedStyle(el).fontSize),
                            getComputedStyle(el).fontFamily, body]);
        }"""
    )


def clipped_selects(page):
    """Visible selects whose chosen option's text is wider than the select can show on the
    lines it has: [(id, text, text px, room px, lines needed, lines shown)]."""
    return page.evaluate(
        """() => {
            const canvas = document.createElement('canvas').getContext('2d');
            const out = [];
            for (const select of document.querySelectorAll('select')) {
                if (!select.getClientRects().length) continue;
                const style = getComputedStyle(select);
                const text = select.selectedOptions.length ? select.selectedOptions[0].textContent.trim() : '';
                canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const width = canvas.measureText(text).width;
                // The room beside the drop-down arrow (about one line-height wide).
                const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
                const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - line;
                const shown = Math.max(1, Math.floor(
                    (select.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) + 1) / line));
                const needed = Math.ceil(width / Math.max(room, 1));
                if (needed > shown) out.push([select.id, text, Math.round(width), Math.round(room), needed, shown]);
            }
            return out;
        }"""
    )


def small_chart_labels(page, minimum=12):
    """SVG text drawn smaller than `minimum` CSS pixels on screen (font size × the SVG's scale)."""
    return page.evaluate(
        """minimum => [...document.querySelectorAll('svg text')]
            .filter(t => t.getClientRects().length)
            .map(t => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])
            .filter(([, size]) => size + 0.01 < minimum)""",
        minimum,
    )


def main_top(page):
    """Where the main content starts, in CSS pixels from the top of the page."""
    return page.evaluate("document.querySelector('main').getBoundingClientRect().top + window.scrollY")


def in_viewport(locator):
    """Whether the element's top is within the first screen as it is now scrolled."""
    box = locator.bounding_box()
    height = locator.page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height and box["y"] + min(box["height"], 40) <= height
