"""What one page cannot tell but the archive can: the year of a dateline, the outlet
of a reprint.

A dateline prints month and day (`本报南宁4月8日电`); the page usually names the
year somewhere, and `meta.infer_year` finds it there. A page exported without its
header may name no year at all. Its neighbours in the archive (the pages before and
after it, in file order: one issue, or issues days apart) do: the year is the one
that puts the dateline's day nearest to the dates of the nearest page with dated
stories.
"""
from __future__ import annotations

import dataclasses
import datetime
import re

from ..models import Article

_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _iso(text: str | None) -> datetime.date | None:
    match = _ISO.fullmatch(text or "")
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def nearest_day(month: int, day: int, reference: datetime.date) -> datetime.date | None:
    """The date with this month and day nearest to `reference` (a year before, the
    same year or a year after); None for a day no year has (4月31日)."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: (abs((d - reference).days), d), default=None)


def years_from_neighbours(articles: list[Article]) -> list[Article]:
    """`articles` with a date for each undated one whose dateline has a month and day,
    from the nearest page (in seed order; the earlier of two as near; its own page
    first) that has dated articles: the latest date there is the reference."""
    seeds = sorted({a.seed for a in articles})
    position = {seed: i for i, seed in enumerate(seeds)}
    latest: dict[int, datetime.date] = {}
    for article in articles:
        when = _iso(article.date)
        if when is not None:
            at = position[article.seed]
            latest[at] = max(latest.get(at, when), when)
    if not latest:
        return articles
    dated = sorted(latest)
    out = []
    for article in articles:
        match = _MONTH_DAY.search(article.dateline or "") if article.date is None else None
        if match is None:
            out.append(article)
            continue
        at = position[article.seed]
        nearest = min(dated, key=lambda p: (abs(p - at), p))
        when = nearest_day(int(match[1]), int(match[2]), latest[nearest])
        out.append(dataclasses.replace(article, date=when.isoformat(), date_source="dateline")
                   if when else article)
    return out


def sources_from_printings(articles: list[Article], newspaper: str) -> list[Article]:
    """A second printing credited only to the site's own paper (an e-paper copy's
    `来源：` line, or nothing at all) takes the outlet its canonical printing names: one
    story has one source."""
    by_id = {a.id: a for a in articles}
    out = []
    for article in articles:
        canonical = by_id.get(article.duplicate_of or "")
        if canonical is not None and article.source == newspaper and canonical.source \
                and canonical.source != newspaper:
            article = dataclasses.replace(article, source=canonical.source)
        out.append(article)
    return out
