import pytest

from claims.graph import claim_neighbourhood
from claims.models import Claim
from claims.views import GRAPH_DEPTH

pytestmark = pytest.mark.browser


def test_the_claim_page_draws_its_neighbourhood_and_clicking_a_claim_opens_it(site, page, screenshot):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    expected = claim_neighbourhood(claim, depth=GRAPH_DEPTH)

    page.goto(f"{site}{claim.get_absolute_url()}")
    page.wait_for_function("window.infkbClaimGraph && window.infkbClaimGraph.nodes().length > 0")

    assert page.evaluate("window.infkbClaimGraph.nodes().length") == len(expected["nodes"])
    assert page.evaluate("window.infkbClaimGraph.edges().length") == len(expected["edges"])
    assert page.locator("#claim-graph canvas").first.is_visible()
    screenshot(page, "claim")
    target = next(node for node in expected["nodes"] if not node["is_root"])
    page.locator("#claim-graph").scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # as a reader would: the drawing settles its coordinates after a scroll
    x, y = page.evaluate(
        """id => {
            const node = window.infkbClaimGraph.getElementById("claim-" + id);
            const box = document.getElementById("claim-graph").getBoundingClientRect();
            const at = node.renderedPosition();
            return [box.left + at.x, box.top + at.y];
        }""",
        target["id"],
    )
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_url(f"**/claims/{target['slug']}/", timeout=5000)

    assert page.locator("h1").inner_text().endswith(target["text"])
    assert page.console_errors == []


def test_without_javascript_the_claim_page_lists_the_relations_instead_of_drawing_them(site, browser):
    claim = Claim.objects.get(slug="russia-violates-inf-treaty")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{site}{claim.get_absolute_url()}")

    assert not page.locator("#claim-graph").is_visible()
    relations = page.locator(".graph-list li")
    assert relations.count() == len(claim_neighbourhood(claim, depth=2)["edges"])
    assert relations.first.is_visible()
    context.close()
