"""Every page, the admin and the API docs work under the Content-Security-Policy, which no page breaks."""

import pytest
from django.contrib.auth.models import User

from claims.candidates import candidates_generate
from claims.models import Claim
from sources.models import Article
from tests.browser.test_pages_render import PAGES

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"

# Recorded as they happen, from the first script on: a violation can happen before the page's own.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def guarded(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations") + [e for e in page.console_errors if "Content Security" in e]


@pytest.mark.parametrize("name", PAGES)
def test_the_main_pages_keep_to_the_policy(site, guarded, name):
    response = guarded.goto(f"{site}{PAGES[name]}")

    policy = response.headers["content-security-policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src
    assert guarded.locator("h1").count() == 1
    assert violations(guarded) == []
    assert guarded.console_errors == []


def test_the_claim_graph_still_draws_under_the_policy(site, guarded):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")

    guarded.goto(f"{site}{claim.get_absolute_url()}")
    guarded.wait_for_function("window.infkbClaimGraph && window.infkbClaimGraph.nodes().length > 0")

    assert guarded.locator("#claim-graph canvas").first.is_visible()
    assert violations(guarded) == []


def test_an_injected_inline_script_would_not_run(site, guarded):
    guarded.goto(f"{site}/")

    ran = guarded.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.appendChild(script);
            return window.injected === true;
        }"""
    )

    assert ran is False
    assert any(v.startswith("script-src") for v in guarded.evaluate("window.cspViolations"))


def test_the_admin_signs_in_and_works_under_the_policy(site, guarded, screenshot):
    User.objects.create_superuser("chief", password=PASSWORD)
    article = Article.objects.order_by("pk").first()
    candidates_generate(article=article)
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")

    guarded.goto(f"{site}/admin/login/")
    guarded.fill("#id_username", "chief")
    guarded.fill("#id_password", PASSWORD)
    guarded.click("input[type=submit]")
    guarded.wait_for_url(f"{site}/admin/")

    visited = {}
    for name, path in {
        "index": "/admin/",
        "changelist": "/admin/claims/claim/",
        "change-form": f"/admin/claims/claim/{claim.pk}/change/",
        "add-form": "/admin/claims/statement/add/",
        "article-with-candidates": f"/admin/sources/article/{article.pk}/change/",
    }.items():
        visited[name] = guarded.goto(f"{site}{path}").status
    assert guarded.locator("#candidates li.candidate").count() > 0
    screenshot(guarded, "admin-article-csp")
    # The admin's own scripts ran: the changelist's action bar counts selected rows.
    guarded.goto(f"{site}/admin/claims/claim/")
    guarded.locator("input.action-select").first.check()
    assert guarded.locator(".action-counter").inner_text().startswith("1 of")

    assert set(visited.values()) == {200}
    assert violations(guarded) == []
    assert guarded.console_errors == []


def test_swagger_ui_draws_the_api_under_the_policy(site, guarded, screenshot):
    guarded.goto(f"{site}/api/v1/docs/")
    guarded.wait_for_selector(".swagger-ui .opblock", timeout=15000)

    assert guarded.locator(".swagger-ui .opblock").count() > 10
    screenshot(guarded, "api-docs")
    assert violations(guarded) == []
    assert guarded.console_errors == []


def test_redoc_draws_the_api_and_searches_it_under_the_policy(site, guarded):
    guarded.goto(f"{site}/api/v1/redoc/")
    guarded.wait_for_selector(".menu-content li", timeout=15000)
    guarded.fill("input.search-input", "claims")
    guarded.wait_for_selector(
        "[data-role='search:results'] [role=menuitem], [data-role='search:results'] li", timeout=15000
    )

    # Redoc always asks its CDN for the "API docs by Redocly" logo; refusing it is the policy working
    # (every asset is local), and Redoc then shows the text alone.
    assert [v for v in guarded.evaluate("window.cspViolations") if "cdn.redoc.ly" not in v] == []
