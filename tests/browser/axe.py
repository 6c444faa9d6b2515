"""Accessibility checks with axe-core, run inside the page by the browser tests.

axe-core 4.14.1 is vendored as one file (vendor/axe-core/, MPL-2.0, see its README): the tests
need no Node.js or network, and always check with the same rules.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="  # the package's sri-history.json
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then(results => results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    })))"""


def axe_sha256() -> str:
    return base64.b64encode(hashlib.sha256(AXE_JS.read_bytes()).digest()).decode()


def axe_violations(page) -> list[dict]:
    """The WCAG 2.0/2.1 A and AA violations axe finds on the page as it stands. The page's
    context must bypass its Content-Security-Policy: axe is injected as an inline script."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict], *, where: str) -> str:
    """Violations as lines a person can act on: rule, impact, what to fix, and each element."""
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)
