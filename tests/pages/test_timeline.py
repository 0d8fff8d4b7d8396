import pytest
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Event, Statement, WeaponSystem
from claims.views import CountedTimelineRows, OpenEndedPage, TimelineRows
from tests.pages.planner import PLANNER_QUERIES

pytestmark = pytest.mark.django_db


def test_timeline_lists_events_and_statements_in_date_order(client, corpus):
    response = client.get(reverse("timeline"))

    assert response.status_code == 200
    assert "<title>Timeline · INF KB</title>" in response.content.decode()
    entries = list(response.context["page"])
    assert any(entry.event for entry in entries) and any(entry.statement for entry in entries)
    dates = [entry.date for entry in entries]
    assert dates == sorted(dates)
    assert entries[0].event.slug == "inf-treaty-signed"


def test_timeline_is_honest_about_date_precision(client, corpus):
    html = client.get(reverse("timeline")).content.decode()

    assert '<time datetime="2018-10">October 2018</time>' in html
    assert "1 October 2018" not in html
    assert '<time datetime="1987-12-08">8 December 1987</time>' in html


def test_timeline_filters_by_actor(client, corpus):
    response = client.get(reverse("timeline"), {"actor": "nikolai-patrushev"})

    entries = list(response.context["page"])
    assert entries
    for entry in entries:
        if entry.statement:
            assert entry.statement.speaker.slug == "nikolai-patrushev"
        else:
            assert entry.event.actors.filter(slug="nikolai-patrushev").exists()
    assert "<h1>Timeline of Nikolai Patrushev</h1>" in response.content.decode()


def test_timeline_filters_by_weapon_system(client, corpus):
    response = client.get(reverse("timeline"), {"weapon": "9m729"})

    entries = list(response.context["page"])
    events = {entry.event.slug for entry in entries if entry.event}
    assert events == set(Event.objects.filter(weapon_systems__slug="9m729").values_list("slug", flat=True))
    assert any(entry.statement for entry in entries)
    assert "inf-treaty-signed" not in events


def test_a_weapons_timeline_pages_through_everything_about_it_without_counting(client, corpus, monkeypatch):
    """Counting the statements about a weapon read them all: seconds at a million statements."""
    monkeypatch.setattr(OpenEndedPage, "per_page", 3)
    about_weapon = Statement.objects.published().about_weapon(WeaponSystem.objects.get(slug="9m729"))
    weapon_events = Event.objects.published().filter(weapon_systems__slug="9m729")
    n_entries = about_weapon.count() + weapon_events.count()
    assert n_entries > 3

    seen, number = [], 1
    while True:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("timeline"), {"weapon": "9m729", "page": number})
        assert not any("COUNT(" in query["sql"].upper() for query in queries)
        page = response.context["page"]
        seen += [("event", entry.event.pk) if entry.event else ("said", entry.statement.pk) for entry in page]
        if not page.has_next:
            break
        assert f"?weapon=9m729&amp;page={number + 1}" in response.content.decode()
        number += 1

    assert number == -(-n_entries // 3)
    events, said = weapon_events.values_list("pk", flat=True), about_weapon.values_list("pk", flat=True)
    assert sorted(seen) == sorted([*(("event", pk) for pk in events), *(("said", pk) for pk in said)])
    past_the_end = client.get(reverse("timeline"), {"weapon": "9m729", "page": 10**30})
    assert past_the_end.status_code == 200 and not past_the_end.context["page"]


def test_timeline_runs_a_constant_number_of_queries(client, corpus, django_assert_max_num_queries):
    # actor, weapon, the weapon's share of the statements (counters), one page of the merged rows,
    # their events, their statements and stances, the two filter menus: 9, however many statements
    # there are.
    with django_assert_max_num_queries(9 + PLANNER_QUERIES):
        assert client.get(reverse("timeline"), {"weapon": "9m729"}).status_code == 200


@pytest.mark.parametrize("slug", ["9m729", "rs-26", "mk41-vls", "bgm-109-tomahawk", "us-glcm-2019"])
def test_the_statements_about_a_weapon_are_the_same_probed_one_by_one_or_gathered_first(corpus, slug):
    weapon = WeaponSystem.objects.get(slug=slug)
    about = Statement.objects.published()

    in_order = ("reported_on", "pk")
    gathered = about.about_weapon(weapon).order_by(*in_order).values_list("pk", flat=True)
    probed = about.about_weapon(weapon, probed=True).order_by(*in_order).values_list("pk", flat=True)

    assert list(probed) == list(gathered)


def test_a_weapons_share_of_the_statements_is_read_from_the_counters(corpus):
    nine_m_729 = WeaponSystem.objects.get(slug="9m729")
    on_its_claims = Statement.objects.published().on_claims(nine_m_729.claims.published()).count()

    share = nine_m_729.statement_share()

    assert 0 < share <= 1
    assert share >= on_its_claims / Statement.objects.published().count() * 0.5


def test_the_timelines_rows_are_counted_only_when_a_counter_says_how_many_statements(corpus):
    """Uncounted rows (a weapon's timeline) are sliced by an OpenEndedPage; a Paginator needs the count."""
    events, statements = Event.objects.published(), Statement.objects.published()
    n_statements = Value(statements.count())

    counted = CountedTimelineRows(events, statements, n_statements)

    assert counted.count() == len(counted) == events.count() + statements.count()
    assert [row for row in counted[0:3]] == TimelineRows(events, statements)[0:3]
    with pytest.raises(TypeError):
        len(TimelineRows(events, statements))
    with pytest.raises(TypeError):
        CountedTimelineRows(events, statements)  # the count is not optional
