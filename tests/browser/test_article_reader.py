import pytest

from claims.models import Statement
from sources.models import Article

pytestmark = pytest.mark.browser


def test_the_article_readers_highlights_are_visible_and_name_their_speakers(site, page, screenshot):
    article = Article.objects.get(slug__startswith="russia-and-the-us")
    statements = list(Statement.objects.published().filter(article=article, start__isnull=False))

    page.goto(f"{site}{article.get_absolute_url()}")

    assert page.locator("mark[id^=statement-]").count() == len(statements)
    for statement in statements:
        mark = page.locator(f"#statement-{statement.pk}")
        assert mark.is_visible()
        assert mark.bounding_box()["height"] > 0
        assert statement.speaker.name in mark.get_attribute("title")
    screenshot(page, "article")
    assert page.console_errors == []


def test_a_statements_link_scrolls_to_its_highlight(site, page, screenshot):
    statement = Statement.objects.published().filter(speaker__slug="nikolai-patrushev", kind="quote").first()

    page.goto(f"{site}{statement.get_absolute_url()}")

    mark = page.locator(f"#statement-{statement.pk}")
    assert mark.is_visible()
    assert mark.evaluate("element => element.matches(':target')")
    box = mark.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    screenshot(page, "article-at-a-statement", full_page=False)
