"""Headless Chromium (the system's own: Playwright never downloads a browser here) against the
built site served on 127.0.0.1. On failure a screenshot is saved and its path printed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mianjing import ROOT
from mianjing.browser import OPEN_SHADOW_ROOTS, chromium, serve_dir
from mianjing.servers import ServerUnavailable
from tests.conftest import unavailable

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve_dir(built_site, compress=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API runs an event loop in this thread, which
    must be gone again before other modules call asyncio.run()."""
    try:
        with chromium() as browser:
            yield browser
    except ServerUnavailable as exc:
        unavailable(str(exc))


class Watched:
    """A page whose requests, console errors and page errors are recorded."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))

    def goto(self, path: str = ""):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:", "about:"))]


@pytest.fixture
def site_page(browser, site_url, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)  # Material puts Mermaid's SVG in a closed shadow root
    page = context.new_page()
    watched = Watched(page, site_url)
    yield watched
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", request.node.name) + ".png")
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot of the failing page: {shot}")
        report.sections.append(("screenshot", str(shot)))
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent.name == "browser":
            item.add_marker(pytest.mark.browser)


os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
