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


# Every edge sampled along the curve Cytoscape draws, and every claim box it passes through without
# joining it. An edge routed by control points is drawn as quadratic pieces: from its source end,
# bending at each control point, through the midpoints between them, to its target end. Boxes are
# shrunk by 2px so that an edge leaving its own claim's corner does not count against a neighbour.
EDGES_THROUGH_UNRELATED_NODES = """() => {
    const cy = window.infkbClaimGraph;
    const mid = (a, b) => ({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
    const quad = (a, c, b, t) => ({
        x: (1 - t) * (1 - t) * a.x + 2 * (1 - t) * t * c.x + t * t * b.x,
        y: (1 - t) * (1 - t) * a.y + 2 * (1 - t) * t * c.y + t * t * b.y,
    });
    const samples = edge => {
        const start = edge.sourceEndpoint(), end = edge.targetEndpoint();
        const controls = edge.controlPoints() || [];
        if (!controls.length) {
            return Array.from({length: 41}, (_, i) => ({
                x: start.x + (end.x - start.x) * i / 40, y: start.y + (end.y - start.y) * i / 40,
            }));
        }
        const points = [];
        let from = start;
        controls.forEach((control, i) => {
            const to = i + 1 < controls.length ? mid(control, controls[i + 1]) : end;
            for (let k = 0; k <= 20; k++) points.push(quad(from, control, to, k / 20));
            from = to;
        });
        return points;
    };
    const found = [];
    cy.edges().forEach(edge => {
        const points = samples(edge);
        cy.nodes().forEach(node => {
            if (node.same(edge.source()) || node.same(edge.target())) return;
            const b = node.boundingBox({includeLabels: false});
            if (points.some(p => p.x > b.x1 + 2 && p.x < b.x2 - 2 && p.y > b.y1 + 2 && p.y < b.y2 - 2)) {
                found.push(edge.id() + " through " + node.id());
            }
        });
    });
    return found;
}"""


def _densest_claim() -> tuple[Claim, dict]:
    """The published claim whose drawn neighbourhood has the most relations."""
    neighbourhoods = [
        (claim, claim_neighbourhood(claim, depth=GRAPH_DEPTH)) for claim in Claim.objects.published()
    ]
    return max(neighbourhoods, key=lambda pair: (len(pair[1]["edges"]), -pair[0].pk))


def test_no_edge_of_the_densest_neighbourhood_is_drawn_through_a_claim_it_does_not_join(
    site, page, screenshot
):
    claim, expected = _densest_claim()
    assert len(expected["edges"]) >= 5

    page.goto(f"{site}{claim.get_absolute_url()}")
    page.wait_for_function("window.infkbClaimGraph && window.infkbClaimGraph.nodes().length > 0")

    assert page.evaluate("window.infkbClaimGraph.edges().length") == len(expected["edges"])
    page.locator("#claim-graph").scroll_into_view_if_needed()
    screenshot(page, "claim-graph-densest", full_page=False)
    assert page.evaluate(EDGES_THROUGH_UNRELATED_NODES) == []


def test_on_a_phone_the_graph_labels_stay_readable(site, browser, screenshot):
    claim, _ = _densest_claim()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()

    page.goto(f"{site}{claim.get_absolute_url()}")
    page.wait_for_function("window.infkbClaimGraph && window.infkbClaimGraph.nodes().length > 0")

    # The labels are 11px at zoom 1: on screen they must stay at least 9px.
    label_px = page.evaluate(
        "11 * window.infkbClaimGraph.zoom()",
    )
    assert label_px >= 9
    # The drawing opens on this claim, in view.
    root_x, root_y = page.evaluate(
        "(() => { const p = window.infkbClaimGraph.nodes('.root').renderedPosition(); return [p.x, p.y]; })()"
    )
    width, height = page.evaluate("[window.infkbClaimGraph.width(), window.infkbClaimGraph.height()]")
    assert 0 < root_x < width and 0 < root_y < height
    assert page.locator(".graph-pan-hint").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#claim-graph").scroll_into_view_if_needed()
    screenshot(page, "phone-claim-graph", full_page=False)
    context.close()
