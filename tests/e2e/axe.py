"""axe-core in the browser: fail on any WCAG 2.0/2.1 A or AA violation, printed readably."""

from functools import cache
from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW_WIDTH = 320


@cache
def axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing; run `npm ci` (make test-deps) in the project root")
    return AXE_PATH.read_text()


def _inject(page) -> None:
    # page.evaluate is not subject to the page's Content-Security-Policy (a <script> tag
    # would be), so the site's CSP stays on during the test.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())


# The innermost elements sticking out to the right, outside any scrolling container (or
# positioned out of it).
_WIDE_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; }
    return false; };
  const wide = [...document.body.querySelectorAll('*')].filter(
    el => el.getBoundingClientRect().right > width + 1 && !scrolls(el));
  return wide.filter(el => !wide.some(other => other !== el && el.contains(other)))
    .slice(0, 5).map(el => el.outerHTML.slice(0, 120));
}"""


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({', '.join(t for t in violation['tags'] if t.startswith('wcag'))})"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", "\n      ")
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    _inject(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def assert_accessible(page, label: str = "", *, narrow: bool = True) -> None:
    """Run axe on the page as it is now and again at 320 px width (WCAG 1.4.10 reflow: no
    horizontal scrolling either); fail with every violation listed."""
    where = f"{label or page.url}"
    problems = []
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations, where))
    if narrow:
        size = page.viewport_size
        page.set_viewport_size({"width": NARROW_WIDTH, "height": 720})
        try:
            violations = axe_violations(page)
            if violations:
                problems.append(format_violations(violations, f"{where} at {NARROW_WIDTH} px"))
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                culprits = page.evaluate(_WIDE_ELEMENTS)
                problems.append(
                    f"{where} at {NARROW_WIDTH} px scrolls sideways by {overflow} px "
                    f"(WCAG 1.4.10 reflow); too wide: {', '.join(culprits) or '?'}"
                )
        finally:
            page.set_viewport_size(size)
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
