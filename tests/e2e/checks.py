"""What the browser tests check on any page: accessibility with axe-core, no horizontal scroll,
and numbers written as the pages write them."""

import json
import os
import re

AXE_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node_modules", "axe-core", "axe.min.js")

BLOCKING_IMPACTS = ("serious", "critical")
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


def assert_accessible(page):
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core: serious/critical violations on {page.url}:\n{describe_violations(blocking)}"


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
