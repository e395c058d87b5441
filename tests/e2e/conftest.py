"""A real headless Chromium (the system package) driving the live server.

Screenshots are test artefacts: they go to ``$XINFANG_SCREENSHOTS`` (default
``test-artifacts/screenshots/``, git-ignored), and every ``shot`` checks that the file it wrote is a
PNG of the page's width, not an empty image.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# live server's fixtures here are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESK = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
    "is_mobile": True,
    "has_touch": True,
}
# Long enough for a loaded 2-core machine, short enough that a missing element fails quickly.
PATIENCE_MS = 15_000
# Smaller than this, a PNG of a rendered page is blank or nearly so.
MIN_SCREENSHOT_BYTES = 8_000


def screenshots_dir() -> Path:
    configured = os.environ.get("XINFANG_SCREENSHOTS")
    return Path(configured) if configured else ROOT / "test-artifacts" / "screenshots"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (the IHDR chunk follows the 8-byte signature)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("XINFANG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs the Debian package 'chromium'")
        pytest.skip("no system Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def drain(context) -> None:  # type: ignore[no-untyped-def]
    """Let every page finish what it sent, then close the context.

    A click that posts a form returns before the live server has answered; if the test ends
    there, the server thread may commit its rows after pytest-django has flushed the database,
    and a later test on the same worker finds them (a leftover petition once appeared in another
    test's list). Waiting for the network to go idle closes that window.
    """
    from playwright.sync_api import Error as PlaywrightError

    for page in context.pages:
        try:
            page.wait_for_load_state("networkidle", timeout=PATIENCE_MS)
        except PlaywrightError:  # a page that never settles (or is already gone) is closed anyway
            continue
    context.close()


@pytest.fixture(autouse=True)
def _drain_pages(request, transactional_db) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Pages a test opened with ``browser.new_page`` are drained and closed before the flush
    (``transactional_db`` is set up first, so it is torn down after this)."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            drain(context)


@pytest.fixture
def shot() -> Callable[..., Path]:
    """``shot(page, name)`` saves the whole page and returns the file, checked to be a real image."""
    directory = screenshots_dir()
    directory.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = directory / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        width, height = png_size(path)
        viewport = page.viewport_size
        assert (width, path.stat().st_size > MIN_SCREENSHOT_BYTES) == (viewport["width"], True), path
        assert height >= viewport["height"], path
        return path

    return save


class Browsers:
    """Fresh browser contexts (own cookies) of one shape; every response they receive is watched.

    A role's working day never meets an error page, a missing file or a refused request: any
    response of 400 or above fails the test at teardown, with its address.
    """

    def __init__(self, browser, shape: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
        self.browser, self.shape = browser, shape
        self.contexts: list[object] = []
        self.errors: list[str] = []

    def __call__(self):  # type: ignore[no-untyped-def]
        context = self.browser.new_context(**self.shape)
        context.set_default_timeout(PATIENCE_MS)
        context.on("response", self._watch)
        self.contexts.append(context)
        return context.new_page()

    def _watch(self, response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    def close(self) -> None:
        for context in self.contexts:
            drain(context)


@pytest.fixture
def desk(browser):  # type: ignore[no-untyped-def]
    """``desk()`` opens a fresh 1366×768 browser for one member of staff."""
    browsers = Browsers(browser, DESK)
    yield browsers
    browsers.close()
    assert not browsers.errors, browsers.errors


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    """``phone()`` opens a fresh phone-sized (390×844) browser for a citizen."""
    browsers = Browsers(browser, PHONE)
    yield browsers
    browsers.close()
    assert not browsers.errors, browsers.errors
