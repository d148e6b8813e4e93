#!/usr/bin/env python3
"""Screenshots of the app's main pages at a phone's and a desktop's size, in both themes, for a
person to look at (not a test: it judges nothing).

It starts nothing: give it the address of a running server and the log-ins to use, e.g. the
demo's (scripts/dev):

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 /tmp/shots \\
        --patient demo:restless-legs-demo --clinician demo_clinician:restless-legs-demo

and it writes <who>-<page>-<size>-<theme>.png there (full pages; --fold for the first screen
only), one line per file on standard output. Without a log-in, that person's pages are left out.
"""

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
THEMES = ("dark", "light")


def first_link(pattern: str) -> Callable[[Any], str | None]:
    """The first link on the page whose address matches: an entry found by what is shown."""

    def find(page: Any) -> str | None:
        hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.pathname)")
        return next((href for href in hrefs if re.fullmatch(pattern, href)), None)

    return find


# (name, address) or (name, (page to start from, how to find the address on it)).
Target = tuple[str, str | tuple[str, Callable[[Any], str | None]]]

PATIENT: list[Target] = [
    ("log", "/nights/log/"),
    ("nights", "/nights/"),
    ("night-edit", ("/nights/", first_link(r"/nights/\d{4}-\d\d-\d\d/"))),
    ("trends", "/trends/"),
    ("trends-all", "/trends/?range=all"),
    ("treatments", "/treatments/"),
    ("treatment-add", "/treatments/add/"),
    ("labs", "/labs/"),
    ("lab-add", "/labs/add/"),
    ("sharing", "/sharing/"),
    ("settings", "/settings/"),
    ("import", "/nights/import/"),
    ("recently-deleted", "/deleted/"),
    ("glossary", "/glossary/"),
    ("not-found", "/no-such-page/"),
]
CLINICIAN: list[Target] = [
    ("dashboard", "/clinician/"),
    ("review", ("/clinician/", first_link(r"/clinician/patients/\d+/"))),
    ("assessment-add", ("/clinician/", first_link(r"/clinician/patients/\d+/"))),
    ("redeem", "/clinician/redeem/"),
]
VISITOR: list[Target] = [
    ("landing", "/"),
    ("log-in", "/accounts/login/"),
    ("sign-up", "/accounts/signup/"),
    ("glossary", "/glossary/"),
    ("api-docs", "/api/docs/"),
    ("not-found", "/no-such-page/"),
]
PAGES = {"patient": PATIENT, "clinician": CLINICIAN, "visitor": VISITOR}


def log_in(page: Any, base: str, login: str) -> None:
    username, _, password = login.partition(":")
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    if page.url.startswith(f"{base}/accounts/login/"):
        sys.exit(f"screenshots: could not log in as {username} (wrong password, or a code needed)")


def address(page: Any, base: str, target: Target) -> str | None:
    name, where = target
    if isinstance(where, str):
        return where
    start, find = where
    page.goto(f"{base}{start}")
    found = find(page)
    if found and name == "assessment-add":
        return f"{found}assessments/add/"
    return found


def shoot(browser: Any, args: argparse.Namespace, who: str, login: str | None) -> None:
    base, out = args.base.rstrip("/"), args.out
    targets = [t for t in PAGES[who] if not args.only or t[0] in args.only]
    for size, (width, height) in SIZES.items():
        for theme in THEMES:
            # The theme follows the system's scheme until one is picked (static/js/theme.js).
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=theme
            )
            page = context.new_page()
            if login:
                log_in(page, base, login)
            for target in targets:
                path = address(page, base, target)
                if path is None:
                    print(f"{who}-{target[0]}: nothing to show (no such link found)")
                    continue
                page.goto(f"{base}{path}")
                if target[0] == "api-docs":
                    page.wait_for_selector("#swagger-ui .opblock", timeout=15_000)
                page.wait_for_load_state("networkidle")
                file = out / f"{who}-{target[0]}-{size}-{theme}.png"
                page.screenshot(path=str(file), full_page=not args.fold)
                print(file)
            context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("out", type=Path, help="the directory to write the PNG files to")
    parser.add_argument("--patient", metavar="USER:PASSWORD", help="a patient's log-in")
    parser.add_argument("--clinician", metavar="USER:PASSWORD", help="a clinician's log-in")
    parser.add_argument("--fold", action="store_true", help="the first screen only")
    parser.add_argument("--only", metavar="NAME", action="append", help="only pages so named")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        shoot(browser, args, "visitor", None)
        if args.patient:
            shoot(browser, args, "patient", args.patient)
        if args.clinician:
            shoot(browser, args, "clinician", args.clinician)
        browser.close()


if __name__ == "__main__":
    main()
