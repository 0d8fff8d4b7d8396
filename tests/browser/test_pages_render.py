import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "actors": "/actors/",
    "actor": "/actors/nikolai-patrushev/",
    "claims": "/claims/",
    "claim-mk41": "/claims/mk41-can-fire-tomahawk/",
    "articles": "/articles/",
    "weapons": "/weapons/",
    "weapon": "/weapons/9m729/",
    "timeline": "/timeline/",
    "search-results": "/search/?q=Tomahawk",
}


@pytest.mark.parametrize("name", PAGES)
def test_the_main_pages_render_without_console_errors(site, page, screenshot, name):
    response = page.goto(f"{site}{PAGES[name]}")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.title().endswith("· INF KB")
    screenshot(page, name)
    assert page.console_errors == []


@pytest.mark.parametrize("name", ["home", "claim-mk41", "actor"])
def test_the_pages_fit_a_phone_screen(site, browser, screenshot, name):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()

    page.goto(f"{site}{PAGES[name]}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"phone-{name}")
    context.close()
