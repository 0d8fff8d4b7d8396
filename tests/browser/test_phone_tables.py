"""On a phone the tables lose their header row: each cell must still say which column it is."""

import pytest

pytestmark = pytest.mark.browser

# For each row, each cell's shown label (its ::before content) and whether it shows anything else.
CELL_LABELS = """() => [...document.querySelectorAll('table.data tbody tr')]
    .filter(row => row.cells.length > 1)
    .map(row => [...row.querySelectorAll('td')].map(td => [
        getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''), td.textContent.trim() !== ''
    ])
)"""


@pytest.mark.parametrize(
    "url, labels",
    [
        ("/weapons/9m729/", ["Claim: ", "Claimed by: ", "Denied by: "]),
        ("/actors/", ["Kind: ", "Country: ", "Statements: "]),
    ],
)
def test_phone_tables_keep_their_column_labels(site, browser, screenshot, url, labels):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()

    page.goto(f"{site}{url}")

    assert not page.locator("table.data thead").is_visible()
    rows = page.evaluate(CELL_LABELS)
    assert rows
    for row in rows:
        # Every cell that shows something names its column.
        assert [label for label, shown in row if shown] == [
            labels[i] for i, (_, shown) in enumerate(row) if shown
        ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone-table-" + url.strip("/").replace("/", "-"))
    context.close()
