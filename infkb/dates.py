"""Dates known to a day, a month or a year.

A fuzzy date is stored as two columns: the first day of the period it names
and its precision. "2018-10" is stored as 2018-10-01 with precision "month"
and shown as "October 2018", never as "1 October 2018".
"""

import datetime
import re

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_FUZZY_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_fuzzy_date(value: object) -> tuple[datetime.date, str]:
    """Parse "1987", "2018-10" or "2018-11-23" (or a date) into (date, precision).

    Raises ValueError with a readable message on anything else.
    """
    if isinstance(value, datetime.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    match = _FUZZY_DATE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = match.groups()
    try:
        if day:
            return datetime.date(int(year), int(month), int(day)), DatePrecision.DAY
        if month:
            return datetime.date(int(year), int(month), 1), DatePrecision.MONTH
        return datetime.date(int(year), 1, 1), DatePrecision.YEAR
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date ({error}).") from None


def truncate_to_precision(value: datetime.date, precision: str) -> datetime.date:
    """The first day of the period `value` falls in, at `precision`."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def last_day_of_period(value: datetime.date, precision: str) -> datetime.date:
    """The last day of the period a fuzzy date names: 2019-12-31 for "2019", 2019-09-30 for "2019-09"."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        following = (value.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)
    return value


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    """ "23 November 2018", "October 2018" or "1987"; "" for no date."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def iso_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    """ "2018-11-23", "2018-10" or "1987": the machine-readable form, for the API and exports."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()
