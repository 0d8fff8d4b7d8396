"""Claimed ranges read against the INF Treaty's 500–5,500 km band (claims/band.py)."""

import pytest

from claims.band import Position, position, read_range
from claims.models import ClaimedRange


@pytest.mark.parametrize(
    ("min_km", "max_km", "expected"),
    [
        (500, 5_500, Position.INSIDE),  # both limits belong to the band
        (2_000, 2_000, Position.INSIDE),
        (None, 480, Position.BELOW),  # Russia's declared 480 km for the 9M729
        (50, 499, Position.BELOW),
        (5_501, 10_000, Position.ABOVE),
        (6_000, None, Position.ABOVE),
        (480, 2_500, Position.STRADDLING),
        (4_000, 6_000, Position.STRADDLING),
        (300, 6_000, Position.STRADDLING),
        (500, None, Position.OPEN_ENDED),  # "more than 500 km"
        (None, 2_000, Position.OPEN_ENDED),  # "up to 2,000 km"
    ],
)
def test_each_range_gets_its_class(min_km, max_km, expected):
    assert position(min_km, max_km) == expected


def test_a_sea_launched_range_inside_the_band_says_the_band_does_not_apply():
    reading = read_range(500, 5_500, "sea")

    assert reading.position == Position.INSIDE and reading.applies is False
    assert "ground-launched missiles only" in reading.label


def test_a_system_of_several_basings_is_read_for_its_ground_launched_version():
    reading = read_range(1_000, 2_000, "mixed")

    assert reading.applies is True and "ground-launched version" in reading.label


@pytest.mark.django_db
def test_the_seed_ranges_get_their_classes(corpus):
    readings = {
        claimed.claim.slug: claimed.band
        for claimed in ClaimedRange.objects.select_related("claim", "weapon_system")
    }

    assert {slug: (r.position, r.applies) for slug, r in readings.items()} == {
        # The 9M729 (ground): "more than 500 km" is at least inside the band.
        "9m729-range-over-500km": (Position.OPEN_ENDED, True),
        # The Tomahawk (sea): inside the band's numbers, but the band binds ground-launched missiles.
        "tomahawk-range-within-inf-limits": (Position.INSIDE, False),
        # The missile the US tested in August 2019 (ground).
        "us-glcm-range-over-500km": (Position.OPEN_ENDED, True),
    }
    assert readings["9m729-range-over-500km"].label == "open-ended: inside the band or above it"
