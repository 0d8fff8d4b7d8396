from html import unescape

import pytest
from django.urls import reverse

from claims.models import Claim, WeaponSystem
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db


def weapon_page(client, slug: str = "9m729"):
    return client.get(reverse("weapon-detail", kwargs={"slug": slug}))


def test_weapon_index_lists_every_system(client, corpus):
    response = client.get(reverse("weapon-list"))

    assert response.status_code == 200
    assert "<title>Weapon systems · INF KB</title>" in response.content.decode()
    assert response.context["page"].paginator.count == WeaponSystem.objects.count()


def test_the_9m729_page_shows_its_designations_and_category(client, corpus):
    response = weapon_page(client)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>9M729 · INF KB</title>" in html
    assert "<h1>9M729</h1>" in html
    assert 'SSC-8 <span class="muted">(NATO reporting name)</span>' in html
    assert "Ground-launched cruise missile" in html


def test_the_9m729_page_lists_the_claimed_ranges_with_who_claims_them_and_their_sources(client, corpus):
    response = weapon_page(client)

    html = unescape(response.content.decode())
    (claimed, group) = next(
        (claimed, group)
        for claimed, group in response.context["ranges"]
        if claimed.claim.slug == "9m729-range-over-500km"
    )
    assert claimed.display == "more than 500 km"
    assert "more than 500 km" in html
    assert group.asserts
    for statement in group.asserts:
        assert statement.speaker.name in html
        assert f'href="{statement.get_absolute_url()}"' in html


def test_the_9m729_page_lists_the_claims_about_it(client, corpus):
    response = weapon_page(client)

    expected = set(Claim.objects.published().about_weapon(WeaponSystem.objects.get(slug="9m729")))
    assert set(response.context["page"]) == expected
    assert "Russia violates the INF Treaty" in response.content.decode()


def test_weapon_page_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(8 + PLANNER_QUERIES):
        assert weapon_page(client, "bgm-109-tomahawk").status_code == 200


def test_a_much_claimed_range_shows_the_newest_sources_and_a_link_to_all_of_them(client, corpus):
    from claims.models import ClaimedRange
    from tests.factories import StanceFactory

    claimed = ClaimedRange.objects.select_related("claim").get(weapon_system__slug="9m729")
    for _ in range(7):
        StanceFactory(claim=claimed.claim, stance="asserts")
    total = claimed.claim.stances.filter(stance="asserts", status="published").count()

    page = client.get(reverse("weapon-detail", args=["9m729"])).text
    row = page[page.index(claimed.claim.text) :]
    row = row[: row.index("</tr>")]

    assert row.count('class="who-said"') <= 2 * 5
    assert f'href="{claimed.claim.get_absolute_url()}#for">all {total} →' in row


def test_the_9m729_page_draws_one_bar_per_source_over_the_band_above_the_table(client, corpus):
    html = weapon_page(client).content.decode()

    chart = html[html.index('<figure class="range-chart">') : html.index("</figure>")]
    claimed = Claim.objects.get(slug="9m729-range-over-500km")
    n_sources = claimed.stances.filter(stance="asserts").count()
    drawing = chart[: chart.index("<figcaption>")]
    assert drawing.count('<rect class="bar ') == n_sources == 2
    # Both limits of the band are drawn and labelled; the source gives no upper limit: an arrow.
    assert drawing.count('<line class="limit"') == 2 and ">500<" in drawing and ">5,500<" in drawing
    assert drawing.count("<polygon") == n_sources
    assert "claimed by United States" in chart
    assert "United States — more than 500 km</text>" in unescape(chart)
    assert "RT, reported 23 November 2018</text>" in unescape(chart)
    # Drawn on the server: no script, nothing fetched from elsewhere; the table stays below it.
    assert "<script" not in chart and "http" not in chart.replace("http://www.w3.org/2000/svg", "")
    assert html.index("range-chart") < html.index('<table class="data ranges">')


def test_each_claimed_range_says_where_it_falls_against_the_band(client, corpus):
    html = unescape(weapon_page(client, "bgm-109-tomahawk").content.decode())

    assert "Inside the band, but sea-launched: the band covers ground-launched missiles only" in html


def test_colours_follow_the_claimants_state_not_the_person():
    from claims.range_chart import claimant
    from tests.factories import ActorFactory

    russia = ActorFactory(kind="state", name="Russia")
    lavrov = ActorFactory(kind="person", name="Sergey Lavrov", country=russia)
    nobody_s = ActorFactory(kind="person", name="An analyst")

    assert claimant(lavrov) == russia and claimant(russia) == russia and claimant(nobody_s) == nobody_s
