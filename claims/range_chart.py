"""The weapon page's chart of claimed ranges, drawn on the server as SVG.

One bar per source (a statement asserting a range claim) over the Treaty's 500
and 5,500 km lines, coloured by who claims it: the claimant's state, or the
claimant itself when it belongs to none. Geometry is computed here; the
template (templates/includes/range_chart.svg) only draws it, so the page needs
no script and no CDN. The coordinates are those of the SVG's viewBox: the
drawing scales to the page's width and its text stays readable on a phone.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from claims.band import BAND_MAX_KM, BAND_MIN_KM
from claims.models import Actor, ClaimedRange, Statement

WIDTH = 340  # about a phone's width in CSS pixels: the text is drawn at its size there
MARGIN = 8
AXIS_HEIGHT = 30  # the scale's labels above the first bar
ROW_HEIGHT = 44  # two lines of label and a bar
BAR_HEIGHT = 12
SCALE_STEP_KM = 1_000
MIN_SCALE_KM = 6_500  # always show the band's upper limit with room beyond it
PALETTE_SIZE = 6  # colours .claimant-0 … .claimant-5 in infkb.css; further claimants share them


@dataclass(frozen=True)
class Bar:
    y: int
    x: float
    width: float
    open_left: bool
    open_right: bool
    colour: int  # index into the palette
    label: str  # who claims it, above the bar
    source: str  # where and when, under the label
    range_display: str
    url: str

    @property
    def label_y(self) -> int:
        return self.y - 17

    @property
    def source_y(self) -> int:
        return self.y - 4

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def mid_y(self) -> float:
        return self.y + BAR_HEIGHT / 2


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    limit: bool  # one of the band's limits


@dataclass(frozen=True)
class RangeChart:
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[tuple[int, str]]  # (colour, claimant)
    band_x: float
    band_width: float
    height: int
    width: int = WIDTH
    margin: int = MARGIN
    bar_height: int = BAR_HEIGHT
    axis_y: int = AXIS_HEIGHT - 8


def claimant(speaker: Actor) -> Actor:
    """Whose claim a statement makes, for its colour: the speaker's state, or the speaker itself."""
    if speaker.kind == Actor.Kind.STATE or speaker.country is None:
        return speaker
    return speaker.country


def range_chart(ranges: Iterable[tuple[ClaimedRange, Iterable[Statement]]]) -> RangeChart | None:
    """The chart of `ranges`, each with the statements that assert it; None when nobody claims any."""
    sources = [(claimed, statement) for claimed, statements in ranges for statement in statements]
    if not sources:
        return None
    bounds = [km for claimed, _ in sources for km in (claimed.min_km, claimed.max_km) if km is not None]
    scale_km = max(MIN_SCALE_KM, -(-max(bounds) * 115 // 100 // SCALE_STEP_KM) * SCALE_STEP_KM)
    plot = WIDTH - 2 * MARGIN

    def x(km: int) -> float:
        return round(MARGIN + plot * km / scale_km, 1)

    colours: dict[int, int] = {}
    legend = []
    bars = []
    for row, (claimed, statement) in enumerate(sources):
        who = claimant(statement.speaker)
        if who.pk not in colours:
            colours[who.pk] = len(colours) % PALETTE_SIZE
            legend.append((colours[who.pk], who.name))
        left = x(claimed.min_km) if claimed.min_km is not None else x(0)
        right = x(claimed.max_km) if claimed.max_km is not None else WIDTH - MARGIN
        bars.append(
            Bar(
                y=AXIS_HEIGHT + row * ROW_HEIGHT + 30,
                x=left,
                width=max(round(right - left, 1), 3),
                open_left=claimed.min_km is None,
                open_right=claimed.max_km is None,
                colour=colours[who.pk],
                label=statement.speaker.name,
                source=f"{statement.article.outlet.name}, {_when(statement)}",
                range_display=claimed.display,
                url=statement.get_absolute_url(),
            )
        )
    ticks = [
        Tick(x(km), f"{km:,}", km in (BAND_MIN_KM, BAND_MAX_KM))
        for km in sorted({0, BAND_MIN_KM, BAND_MAX_KM, *range(2_000, scale_km, 2_000)})
        if km in (0, BAND_MIN_KM, BAND_MAX_KM) or abs(km - BAND_MAX_KM) >= 1_000
    ]
    return RangeChart(
        bars=bars,
        ticks=ticks,
        legend=legend,
        band_x=x(BAND_MIN_KM),
        band_width=round(x(BAND_MAX_KM) - x(BAND_MIN_KM), 1),
        height=AXIS_HEIGHT + len(bars) * ROW_HEIGHT + 12,
    )


def _when(statement: Statement) -> str:
    return statement.said_display or f"reported {statement.article.published_display}"
