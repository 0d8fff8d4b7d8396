import pytest

from claims.models import Statement

pytestmark = pytest.mark.browser


def test_search_from_the_home_page_finds_a_quote_and_leads_to_it(site, page, screenshot):
    statement = Statement.objects.published().get(text__startswith="Washington completely ignores")

    page.goto(site)
    page.fill("#home-search-q", "universal launchers")
    page.press("#home-search-q", "Enter")
    page.wait_for_url("**/search/?q=universal+launchers")

    hit = page.locator(".hit-statement", has_text="Nikolai Patrushev")
    assert hit.count() == 1
    assert hit.locator("mark").first.is_visible()
    screenshot(page, "search")
    hit.locator("a.hit-title").click()
    page.wait_for_url(f"**{statement.get_absolute_url()}")
    assert page.locator(f"#statement-{statement.pk}").is_visible()
    assert page.console_errors == []
