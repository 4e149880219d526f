"""A theme's period: ISO weeks (UGE17 is ISO week 17) or dates, always shown as dates."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _


def iso_weeks(year: int, first_week: int, last_week: int | None = None) -> tuple:
    """The first and last day (Monday, Sunday) of ISO weeks `first_week`..`last_week` of
    `year`: week 17 of 2027 is 26 April to 2 May 2027."""
    last_week = last_week or first_week
    return (
        datetime.date.fromisocalendar(year, first_week, 1),
        datetime.date.fromisocalendar(year, last_week, 7),
    )


def week_label(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """ "week 17" or "weeks 16–20" when the period is whole ISO weeks, else ""."""
    if starts_on.isoweekday() != 1 or ends_on.isoweekday() != 7:
        return ""
    first, last = starts_on.isocalendar().week, ends_on.isocalendar().week
    if first == last:
        return _("week %(week)d") % {"week": first}
    return _("weeks %(first)d–%(last)d") % {"first": first, "last": last}


def period_label(starts_on: datetime.date, ends_on: datetime.date) -> str:
    """ "26. april – 2. maj 2027 (uge 17)" in Danish (the active language's date format)."""
    first_format = "MONTH_DAY_FORMAT" if starts_on.year == ends_on.year else "DATE_FORMAT"
    text = (
        f"{formats.date_format(starts_on, first_format)} – "
        f"{formats.date_format(ends_on, 'DATE_FORMAT')}"
    )
    weeks = week_label(starts_on, ends_on)
    return f"{text} ({weeks})" if weeks else text
