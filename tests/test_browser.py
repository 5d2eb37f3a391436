"""The dashboard in a real browser (Debian's chromium through Playwright), as an analyst uses it.

Skipped where /usr/bin/chromium is missing: `.ci/run` installs it with apt. Screenshots of
each page go to artifacts/ (not committed) so a person can look at what the test saw.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_server import TRY_TEXT, built_db, coder, serving  # noqa: F401 - the database fixtures

from dotterel.server.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def page(built_db: Path) -> Iterator:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(Settings(db=str(built_db))) as url, sync_api.sync_playwright() as pw, \
            tempfile.TemporaryDirectory() as profile:  # fmt: skip
        size = {"width": 1300, "height": 1000}
        browser = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=FLAGS, headless=True, viewport=size
        )
        tab = browser.new_page()
        tab.base_url = url
        yield tab
        browser.close()


def ready(tab, timeout_ms: int = 30_000) -> None:
    tab.wait_for_function("document.body.dataset.state === 'ready'", timeout=timeout_ms)


def test_dashboard_filters_update_map_timeline_and_table(page) -> None:
    page.goto(page.base_url + "/")
    ready(page)
    page.select_option("#by", "day")
    ready(page)
    assert page.locator("#countries path").count() > 150
    all_cells = page.locator("#cells circle").count()
    all_bars = int(page.locator("#timeline").get_attribute("data-count"))
    assert all_cells >= 2 and all_bars >= 2
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    page.fill("input[name=country]", "KEN")
    page.select_option("select[name=type]", "ASSAULT")
    page.click("button[type=submit]")
    page.wait_for_function("location.search.includes('type=ASSAULT')")
    ready(page)
    assert page.locator("#total").inner_text() == "2"
    assert page.locator("#cells circle").count() == 1
    assert page.locator("#cells circle").get_attribute("data-country") == "KEN"
    assert int(page.locator("#timeline").get_attribute("data-count")) < all_bars
    assert page.locator("#countries path.selected").get_attribute("data-iso") == "KEN"
    rows = page.locator("#events tbody tr")
    assert rows.count() == 2 and "ASSAULT" in rows.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"), full_page=True)


def test_event_page_highlights_the_evidence(page) -> None:
    page.goto(page.base_url + "/?country=KEN&type=ASSAULT")
    ready(page)
    page.locator("#events tbody tr a").first.click()
    page.wait_for_selector("#article-text")
    assert page.locator("#article-text .k-trigger").first.inner_text() == "fired"
    assert "Kenyan police" in page.locator("#article-text .k-actor").first.inner_text()
    assert page.locator("#article-text .k-date").count() >= 1
    assert page.locator("#article-text .k-place").count() >= 1
    assert page.locator("#reports tbody tr").count() == 2
    assert "id: assault" in page.locator("#rule").inner_text()
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)


def test_try_it_codes_pasted_text(page) -> None:
    page.goto(page.base_url + "/try")
    page.fill("textarea[name=text]", TRY_TEXT)
    page.fill("input[name=published]", "2025-03-14")
    page.click("button[type=submit]")
    ready(page, timeout_ms=180_000)  # the first coding waits for the model and gazetteer to load
    assert "ASSAULT" in page.locator("#try-events tbody tr").first.inner_text()
    assert page.locator("#try-text .k-trigger").first.inner_text() == "attacked"
    page.screenshot(path=str(ARTIFACTS / "try.png"), full_page=True)
