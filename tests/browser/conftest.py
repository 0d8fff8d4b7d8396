"""Browser tests: Debian's Chromium, driven by Playwright for Python, against pytest-django's live server.

Without Chromium the tests skip, except in CI (INFKB_REQUIRE_BROWSER=1), where they fail.
Screenshots of the main pages go to test-artifacts/screenshots/.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from claims.seed import load_corpus
from sources.models import Article

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("INFKB_REQUIRE_BROWSER") == "1":
        pytest.fail(
            f"Browser tests are required here (INFKB_REQUIRE_BROWSER=1), but {reason}.", pytrace=False
        )
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"there is no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still synchronous, so Django's async guard would misfire.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's URL, with the seed corpus committed where the server thread can read it."""
    if not Article.objects.exists():
        load_corpus()
    return live_server.url


class ConsoleErrors(list):
    """Console errors and uncaught exceptions of a page, collected as they happen."""


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = ConsoleErrors()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.console_errors = errors
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot of a page as a test artefact: screenshot(page, "claim")."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(tab, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        tab.screenshot(path=str(path), full_page=full_page)
        return path

    return save
