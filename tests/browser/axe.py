"""axe-core in the browser tests: run it on a page and describe what it finds, readably.

The engine is the axe.min.js that the axe-playwright-python package ships (a pinned PyPI
package, so CI installs it like any other); only its copy of the script is used here, with our
own reporting."""

from dataclasses import dataclass
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

# Rules axe runs by default (WCAG 2.0/2.1/2.2 A and AA, and its best practices), minus none.
OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}


@dataclass(frozen=True)
class Finding:
    """One rule broken on one page, as seen at one size in one theme (`run`)."""

    page: str
    run: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str, str], ...]  # (CSS target, HTML snippet, what to fix)

    def describe(self, runs: list[str]) -> str:
        lines = [
            f"{self.page}: {self.rule} ({self.impact}) {self.help} [{', '.join(runs)}]",
            f"  {self.help_url}",
        ]
        for target, html, summary in self.nodes:
            lines.append(f"  - {target}")
            lines.append(f"    {html}")
            lines.extend(f"    {line.strip()}" for line in summary.splitlines() if line.strip())
        return "\n".join(lines)


def _target(node: dict[str, Any]) -> str:
    # A target is a list of selectors, one per frame or shadow root on the way to the node.
    return " >> ".join(
        part if isinstance(part, str) else " > ".join(part) for part in node["target"]
    )


def check(page: Any, where: str, run: str, exclude: tuple[str, ...] = ()) -> list[Finding]:
    """axe's violations on the page as it is now; `exclude` leaves parts out (CSS selectors)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, OPTIONS]
    )
    return [
        Finding(
            page=where,
            run=run,
            rule=violation["id"],
            impact=str(violation.get("impact")),
            help=violation["help"],
            help_url=violation["helpUrl"].split("?")[0],
            nodes=tuple(
                (_target(node), " ".join(node["html"].split())[:300], node["failureSummary"] or "")
                for node in violation["nodes"]
            ),
        )
        for violation in results["violations"]
    ]


def report(findings: list[Finding]) -> str:
    """The findings, the same breach seen in several runs (sizes, themes) told once."""
    runs: dict[tuple[str, str, tuple[tuple[str, str, str], ...]], list[str]] = {}
    first: dict[tuple[str, str, tuple[tuple[str, str, str], ...]], Finding] = {}
    for finding in findings:
        key = (finding.page, finding.rule, finding.nodes)
        runs.setdefault(key, []).append(finding.run)
        first.setdefault(key, finding)
    rules = sorted({finding.rule for finding in findings})
    pages = len({finding.page for finding in findings})
    head = f"axe found {', '.join(rules)} on {pages} page(s):"
    return "\n\n".join([head, *(first[key].describe(runs[key]) for key in first)])
