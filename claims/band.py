"""Where a claimed range puts a missile against the INF Treaty's band.

The Treaty (Article II) bans ground-launched ballistic and cruise missiles with
a range of 500 km up to 5,500 km inclusive: shorter-range (500–1,000 km) and
intermediate-range (1,000–5,500 km). Whether the 9M729 flies beyond 500 km is
the whole dispute, so each claimed range is read against that band:

- inside: both bounds within 500–5,500 km;
- below / above: the whole range is short of 500 km / beyond 5,500 km;
- straddling: the range crosses 500 or 5,500 km;
- open-ended: one bound only ("more than 500 km", "up to 2,000 km") and the
  other side of it reaches into the band.

The band binds ground-launched missiles only: a sea- or air-launched system's
range is read the same way, but the reading says that the band does not apply
to it. A system of several basings is read for its ground-launched version.
"""

from dataclasses import dataclass

from django.db import models

BAND_MIN_KM = 500
BAND_MAX_KM = 5_500


class Position(models.TextChoices):
    INSIDE = "inside", "inside the band"
    BELOW = "below", "below the band"
    ABOVE = "above", "above the band"
    STRADDLING = "straddling", "straddling a limit of the band"
    OPEN_ENDED = "open_ended", "open-ended"


def position(min_km: int | None, max_km: int | None) -> Position:
    """Where the range min_km–max_km (None: open on that side) lies against 500–5,500 km."""
    if min_km is not None and min_km > BAND_MAX_KM:
        return Position.ABOVE
    if max_km is not None and max_km < BAND_MIN_KM:
        return Position.BELOW
    if min_km is None or max_km is None:
        return Position.OPEN_ENDED
    if min_km >= BAND_MIN_KM and max_km <= BAND_MAX_KM:
        return Position.INSIDE
    return Position.STRADDLING


# WeaponSystem.Basing values whose ground-launched version the band covers.
GROUND_BASINGS = {"ground", "mixed"}


@dataclass(frozen=True)
class BandReading:
    """A claimed range read against the band, with whether the band applies to the system at all."""

    position: Position
    basing: str  # a WeaponSystem.Basing value, or "" when unknown
    min_km: int | None = None
    max_km: int | None = None

    @property
    def applies(self) -> bool | None:
        """True for a ground-launched system, False for a sea- or air-launched one, None if unknown."""
        if not self.basing:
            return None
        return self.basing in GROUND_BASINGS

    @property
    def label(self) -> str:
        where = self.position.label
        if self.position == Position.OPEN_ENDED:
            where = f"open-ended: {self._open_side()}"
        if self.applies is False:
            return f"{where}, but {self.basing}-launched: the band covers ground-launched missiles only"
        if self.applies is None:
            return f"{where} (basing unknown: the band covers ground-launched missiles only)"
        if self.basing == "mixed":
            return f"{where} (for its ground-launched version)"
        return where

    def _open_side(self) -> str:
        if self.max_km is None:
            return (
                "inside the band or above it" if self.min_km >= BAND_MIN_KM else "it may reach into the band"
            )
        return (
            "below the band or inside it" if self.max_km <= BAND_MAX_KM else "it may be anywhere in the band"
        )


def read_range(min_km: int | None, max_km: int | None, basing: str) -> BandReading:
    return BandReading(position(min_km, max_km), basing or "", min_km, max_km)
