"""The dashboard in a real browser (Debian's chromium through Playwright), as an analyst uses it.

Skipped where /usr/bin/chromium is missing: `.ci/run` installs it with apt. Every request
the pages make to another host is refused, so these tests also prove the pages work offline.
Screenshots of each page go to artifacts/ (not committed) so a person can look at what the
test saw.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_server import TRY_TEXT, built_db, coder, serving, synthetic_db  # noqa: F401 - the database fixtures

from dotterel.server.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
WIDE = {"width": 1400, "height": 1000}
NARROW = {"width": 800, "height": 1000}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no chromium at /usr/bin/chromium")


@pytest.fixture(scope="module")
def pw() -> Iterator:
    """One Playwright per module: its sync API cannot run two at once."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as running:
        yield running


@contextmanager
def browser(pw, db: Path, viewport: dict[str, int]) -> Iterator:
    """A chromium tab on a server over `db`; any request to another host is refused."""
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(Settings(db=str(db))) as url, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), args=FLAGS, headless=True, viewport=viewport
        )
        refused: list[str] = []

        def offline(route) -> None:
            if route.request.url.startswith(url):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        context.route("**/*", offline)
        tab = context.new_page()
        tab.base_url = url
        tab.refused = refused
        yield tab
        context.close()


@pytest.fixture(scope="module")
def page(pw, built_db: Path) -> Iterator:  # noqa: F811
    with browser(pw, built_db, WIDE) as tab:
        yield tab


@pytest.fixture(scope="module")
def synthetic(pw, synthetic_db: Path) -> Iterator:  # noqa: F811
    with browser(pw, synthetic_db, WIDE) as tab:
        yield tab


# The pages run under the server's Content-Security-Policy (no eval), which also stops
# Playwright's wait_for_function: the tests wait on selectors, URLs and polled attributes.
def ready(tab, timeout_ms: int = 30_000) -> None:
    tab.wait_for_selector("body[data-state=ready]", state="attached", timeout=timeout_ms)


def until(tab, check, timeout_ms: int = 15_000) -> None:
    """Poll `check()` (reading the page through locators) until it is true."""
    for _ in range(timeout_ms // 50):
        if check():
            return
        tab.wait_for_timeout(50)
    raise AssertionError(f"timed out waiting for {check}")


def zoom(tab) -> float:
    return float(tab.locator("#map").get_attribute("data-zoom") or 1)


def in_url(tab, text: str) -> None:
    until(tab, lambda: text in tab.url)  # history.replaceState: no navigation to wait for


def box(tab, selector: str) -> dict[str, float]:
    return tab.locator(selector).first.bounding_box()


def test_api_docs_work_offline(page) -> None:
    page.goto(page.base_url + "/api/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    listed = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/events", "/api/network", "/api/facets"} <= {p.replace("\u200b", "") for p in listed}
    assert page.refused == []
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)


def test_dashboard_filters_update_map_timeline_and_table(page) -> None:
    page.goto(page.base_url + "/")
    ready(page)
    page.select_option("#by", "day")
    ready(page)
    assert page.locator("#countries path").count() > 150
    all_cells = page.locator("#cells g.cell").count()
    all_bars = int(page.locator("#timeline").get_attribute("data-count"))
    assert all_cells >= 2 and all_bars >= 2
    page.screenshot(path=str(ARTIFACTS / "dashboard-1400.png"), full_page=True)

    page.fill("input[name=country]", "Kenya")  # a name works as well as a code
    page.select_option("select[name=type]", "ASSAULT")
    page.click("button[type=submit]")
    in_url(page, "type=ASSAULT")
    ready(page)
    assert page.locator("#total").inner_text() == "2"
    assert page.locator("#cells g.cell").count() == 1
    assert page.locator("#cells g.cell").get_attribute("data-country") == "KEN"
    assert int(page.locator("#timeline").get_attribute("data-count")) < all_bars
    assert page.locator("#countries path.selected").get_attribute("data-iso") == "KEN"
    rows = page.locator("#events tbody tr")
    assert rows.count() == 2 and "ASSAULT" in rows.first.inner_text()
    assert page.locator("#events tbody tr mark.trigger").first.inner_text() == "fired"
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"), full_page=True)


def test_map_zooms_pans_and_shows_areas(page) -> None:
    page.goto(page.base_url + "/")
    ready(page)
    view = page.locator("#map").get_attribute("viewBox")
    page.click("#zoom-in")
    until(page, lambda: zoom(page) == 2)
    assert page.locator("#map").get_attribute("viewBox") != view
    page.click("#zoom-out")
    until(page, lambda: zoom(page) == 1)
    map_box = box(page, "#map")
    centre = (map_box["x"] + map_box["width"] / 2, map_box["y"] + map_box["height"] / 2)
    page.mouse.move(*centre)
    page.mouse.wheel(0, -300)
    until(page, lambda: zoom(page) > 1)
    page.mouse.dblclick(*centre)
    until(page, lambda: zoom(page) >= 3)
    before = page.locator("#map").get_attribute("viewBox")
    # Dragging pans. The map may have moved on the page since it was measured (the panels
    # around it fill in as their data arrives), so measure again and press on the map itself.
    map_box = box(page, "#map")
    start = (map_box["x"] + map_box["width"] / 3, map_box["y"] + map_box["height"] / 3)
    under = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('#map') !== null", start)
    assert under, "the point pressed for the drag is not on the map"
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 120, start[1] + 40, steps=5)
    page.mouse.up()
    until(page, lambda: page.locator("#map").get_attribute("viewBox") != before)

    # Filtering by a country zooms to it, draws the finer outlines and names its provinces.
    page.fill("input[name=country]", "KEN")
    page.click("button[type=submit]")
    ready(page)
    page.wait_for_selector("#map[data-detail='50m']", state="attached")
    until(page, lambda: int(page.locator("#areas").get_attribute("data-count") or 0) > 5)
    x, y, w, h = (float(v) for v in page.locator("#map").get_attribute("viewBox").split())
    assert x < 37.9 < x + w and y < -0.5 < y + h and w < 30  # Kenya's middle, a country's width
    areas = page.locator("#areas text").all_text_contents()
    assert "Nairobi County" in areas
    page.screenshot(path=str(ARTIFACTS / "map-kenya.png"))


def test_a_click_goes_to_the_small_circle_on_top(synthetic) -> None:
    synthetic.goto(synthetic.base_url + "/")
    ready(synthetic)
    cells = synthetic.locator("#cells g.cell")
    assert cells.count() == 2
    small = synthetic.locator("#cells g.cell[data-country=KEN]").bounding_box()
    large = synthetic.locator("#cells g.cell[data-country=TZA]").bounding_box()
    assert small["width"] < large["width"]
    # The circles overlap: the Kenyan centre lies inside the Tanzanian circle.
    small_centre = (small["x"] + small["width"] / 2, small["y"] + small["height"] / 2)
    assert large["x"] < small_centre[0] < large["x"] + large["width"]
    synthetic.mouse.move(*small_centre)
    tip = synthetic.locator("#tip")
    assert tip.is_visible() and "Nairobi (KEN)" in tip.inner_text()
    until(synthetic, lambda: "top types: PROTEST 4" in tip.inner_text())  # asked for on hover
    assert "verbal conflict: " in tip.inner_text()
    synthetic.mouse.click(*small_centre)
    in_url(synthetic, "country=KEN")
    ready(synthetic)
    assert synthetic.locator("input[name=country]").input_value() == "KEN"
    synthetic.screenshot(path=str(ARTIFACTS / "map-hit-test.png"))


def test_network_shows_coded_dyads_and_filters_the_table(page) -> None:
    page.goto(page.base_url + "/?all_modalities=true")
    ready(page)
    labels = page.locator("#network .node text").all_text_contents()
    assert "KEN COP" in labels and "KEN CVL" in labels
    assert not any(label.lower().startswith(("the ", "a ", "nobody")) for label in labels)
    page.screenshot(path=str(ARTIFACTS / "network-sector.png"))
    page.select_option("#level", "country")
    ready(page)
    assert set(page.locator("#network .node text").all_text_contents()) >= {"KEN", "UGA", "MLI"}
    page.select_option("#level", "named")
    ready(page)
    assert "European Union" in page.locator("#network .node text").all_text_contents()
    page.screenshot(path=str(ARTIFACTS / "network-named.png"))

    page.select_option("#level", "sector")
    ready(page)
    edge = page.locator("#network g.edge[data-source='KEN COP'][data-target='KEN CVL']")
    expected = edge.get_attribute("data-events")
    colour = edge.locator("path.line").get_attribute("stroke")
    assert colour.startswith("rgb(222,")  # conflict: red
    edge.locator("path.arrow").click(force=True)  # on the curve (the middle of its box may not be); under its hit path
    in_url(page, "dyad=")
    ready(page)
    assert page.locator("#total").inner_text() == expected
    assert page.locator("#dyad-chip").is_visible() and "KEN COP → KEN CVL" in page.locator("#dyad-chip").inner_text()
    page.click("#clear-dyad")
    ready(page)
    assert not page.locator("#dyad-chip").is_visible()


def test_table_sorts_downloads_and_facets(page) -> None:
    page.goto(page.base_url + "/?all_modalities=true")
    ready(page)
    total = int(page.locator("#total").inner_text())
    page.click("#events th button[data-sort=score]")
    in_url(page, "sort=score")
    ready(page)
    scores = [float(s) for s in page.locator("#events tbody tr td:nth-child(7)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    page.click("#events th button[data-sort=score]")
    in_url(page, "order=asc")
    ready(page)
    scores = [float(s) for s in page.locator("#events tbody tr td:nth-child(7)").all_inner_texts()]
    assert scores == sorted(scores)

    for kind in ("csv", "json", "parquet"):
        href = page.locator(f"#dl-{kind}").get_attribute("href")
        assert href.startswith(f"/api/events.{kind}?") and "all_modalities=true" in href
        assert page.request.get(page.base_url + href).ok
    csv = page.request.get(page.base_url + page.locator("#dl-csv").get_attribute("href")).text()
    assert len(csv.strip().splitlines()) == total + 1

    facet = page.locator("#facets .facet[data-facet=type] button[data-value=ASSAULT]")
    count = facet.locator(".count").inner_text()
    facet.click()
    in_url(page, "type=ASSAULT")
    ready(page)
    assert page.locator("#total").inner_text() == count
    assert page.locator("#facets .facet[data-facet=type] button.active").get_attribute("data-value") == "ASSAULT"
    page.locator("#facets .facet[data-facet=modality] button[data-value=negated]").click()
    in_url(page, "modality=negated")
    ready(page)
    assert page.locator("#total").inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "table-facets.png"), full_page=True)


def test_one_row_per_act_with_its_modes_and_each_report_once(synthetic) -> None:
    synthetic.goto(synthetic.base_url + "/?country=KEN")
    ready(synthetic)
    links = synthetic.locator("#events tbody tr td:nth-child(2) a").all_inner_texts()
    assert sorted(links) == ["PROTEST/demo", "PROTEST/demo", "PROTEST/demo, rally"]
    assert synthetic.locator("#total").inner_text() == "3"
    synthetic.goto(synthetic.base_url + "/events/ke-rally")
    articles = synthetic.locator("#reports tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(articles) == ["March in Nairobi", "Nairobi march"]
    assert synthetic.locator("#reports tr.current").count() == 1
    assert "None" not in synthetic.locator("main").inner_text()


def test_timeline_has_ticks_hover_and_bars_of_one_period(synthetic) -> None:
    synthetic.goto(synthetic.base_url + "/")
    ready(synthetic)
    synthetic.select_option("#by", "day")
    ready(synthetic)
    ticks = synthetic.locator("#timeline text.tick").all_text_contents()
    assert len(ticks) >= 3 and ticks[0] == "0"
    bars = synthetic.locator("#timeline g.bar")
    assert bars.count() == 5  # 1 to 5 May: five days with events
    widths = {round(float(b.locator("rect:not(.hover)").first.get_attribute("width")), 3) for b in bars.all()}
    assert len(widths) == 1 and 1 < widths.pop() <= 48  # every day the same width, not one wide slab
    first = bars.first.locator("rect.hover").bounding_box()
    synthetic.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] - 5)
    tip = synthetic.locator("#timeline-tip")
    assert tip.is_visible() and tip.inner_text().startswith("2025-05-01: 10 events")
    # Brushing still picks a date range.
    svg = box(synthetic, "#timeline")
    synthetic.mouse.move(first["x"] + 2, svg["y"] + 40)
    synthetic.mouse.down()
    synthetic.mouse.move(first["x"] + first["width"] * 1.5, svg["y"] + 40, steps=4)
    synthetic.mouse.up()
    in_url(synthetic, "since=2025-05-01")
    ready(synthetic)
    assert synthetic.locator("input[name=until]").input_value() == "2025-05-02"
    synthetic.screenshot(path=str(ARTIFACTS / "timeline.png"))


def test_layout_uses_1400_px_and_stacks_at_800(page) -> None:
    try:
        for size, name in ((WIDE, "1400"), (NARROW, "800")):
            page.set_viewport_size(size)
            page.goto(page.base_url + "/")
            ready(page)
            map_box, network, table, facets = (box(page, s) for s in (".map-panel", ".network-panel",
                                                                       ".events-panel", ".facets-panel"))  # fmt: skip
            if size is WIDE:
                assert abs(map_box["y"] - network["y"]) < 2 and network["x"] > map_box["x"] + map_box["width"]
                assert abs(table["y"] - facets["y"]) < 2 and facets["x"] > table["x"]
                assert network["x"] + network["width"] > size["width"] - 40  # the width is used
            else:
                assert network["y"] >= map_box["y"] + map_box["height"] and abs(network["x"] - map_box["x"]) < 2
                assert facets["y"] >= table["y"] + table["height"]
            assert box(page, "body")["width"] <= size["width"]
            assert page.locator("html").evaluate("html => html.scrollWidth") <= size["width"]
            assert page.refused == []
            page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    finally:
        page.set_viewport_size(WIDE)


def test_error_pages_are_pages(page) -> None:
    page.goto(page.base_url + "/no-such-page")
    assert "There is no page at /no-such-page" in page.locator("#error-detail").inner_text()
    page.goto(page.base_url + "/?since=yesterday")
    message = page.locator("#error").inner_text()
    assert "not a date" in message and "--" not in message
    page.screenshot(path=str(ARTIFACTS / "bad-date.png"))


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
    assert "None" not in page.locator("main").inner_text()
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
