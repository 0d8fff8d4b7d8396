"""The click budget: a proposed quote becomes a draft statement with its stance in 3 clicks, on 1 page."""

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from claims.management.commands.setup_groups import EDITOR, setup_groups
from claims.models import Claim, Stance, Statement
from sources.importing import article_import
from tests.workbench.test_candidates import TEXT

# Every press of the mouse button counts (select2 acts on mousedown/mouseup; some of its clicks never fire).
COUNT_CLICKS = "window.__clicks = 0; document.addEventListener('pointerdown', () => window.__clicks++, true);"


def log_in_as_editor(context, site: str) -> User:
    setup_groups()
    editor = User.objects.create_user("desk-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    client = Client()
    client.force_login(editor)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site}])
    return editor


def test_a_quote_is_accepted_with_its_claim_and_stance_in_three_clicks_on_one_page(site, page, screenshot):
    editor = log_in_as_editor(page.context, site)
    article, _ = article_import(
        text=TEXT, outlet="rt", url="https://example.org/waiting", published="2019-09-10", user=editor
    )
    first, second = article.candidates.order_by("start")
    claim = Claim.objects.filter(text__icontains="violat").order_by("text").first()
    page.goto(site + reverse("admin:sources_article_change", args=[article.pk]))
    page.evaluate(COUNT_CLICKS + "window.__samePage = true;")
    row = page.locator(f"#candidate-{first.pk}")

    row.locator(".candidate-field:has(select[name$='-claim']) .select2-selection").click()
    page.keyboard.type(claim.text[:12])
    page.locator(".select2-results__option", has_text=claim.text).first.click()
    row.get_by_role("button", name="Accept").click()

    row.locator(".candidate-outcome").wait_for()
    screenshot(page, "admin-candidate-accepted", full_page=False)
    assert page.evaluate("window.__clicks") == 3
    assert page.evaluate("window.__samePage") is True  # no page load
    statement = Statement.objects.get(article=article)
    assert statement.speaker == first.speaker
    assert statement.stances.get().claim == claim
    assert statement.stances.get().stance == Stance.Kind.ASSERTS
    # The editor is at the next candidate: in view, with the focus in its form.
    following = page.locator(f"#candidate-{second.pk}")
    box = following.evaluate("row => row.getBoundingClientRect().toJSON()")
    assert box["top"] >= 0 and box["bottom"] <= page.viewport_size["height"]
    assert following.evaluate("row => row.contains(document.activeElement)")
    assert page.console_errors == []


def test_a_refused_accept_says_why_in_the_row_and_keeps_the_candidate(site, page):
    editor = log_in_as_editor(page.context, site)
    article, _ = article_import(
        text=TEXT, outlet="rt", url="https://example.org/waiting", published="2019-09-10", user=editor
    )
    first = article.candidates.order_by("start").first()
    page.goto(site + reverse("admin:sources_article_change", args=[article.pk]))
    row = page.locator(f"#candidate-{first.pk}")

    row.locator(".candidate-field:has(select[name$='-claim']) .select2-selection").click()
    page.keyboard.type("violat")
    page.locator(".select2-results__option").first.click()
    row.locator("input[name$='-new_claim']").fill("A second claim as well")
    row.get_by_role("button", name="Accept").click()

    error = row.locator(".candidate-errors")
    error.wait_for()
    assert "not both" in error.inner_text()
    assert not Statement.objects.filter(article=article).exists()
    assert row.get_by_role("button", name="Accept").is_visible()
