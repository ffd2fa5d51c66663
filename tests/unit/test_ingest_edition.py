"""ingest.edition: the year of a dateline from the archive's other pages."""
import datetime

from site_builder.ingest.edition import nearest_day, years_from_neighbours
from site_builder.models import Article


def art(id: str, seed: str, date: str | None = None, dateline: str | None = None) -> Article:
    return Article(id=id, title=id, body="正文。", seed=seed, date=date,
                   date_source="dateline" if date else None, dateline=dateline)


def test_nearest_day_crosses_the_new_year():
    assert nearest_day(4, 8, datetime.date(2026, 4, 9)) == datetime.date(2026, 4, 8)
    assert nearest_day(12, 31, datetime.date(2026, 1, 2)) == datetime.date(2025, 12, 31)
    assert nearest_day(1, 1, datetime.date(2025, 12, 30)) == datetime.date(2026, 1, 1)
    assert nearest_day(2, 30, datetime.date(2026, 2, 1)) is None


def test_undated_dateline_takes_the_year_of_the_nearest_dated_page():
    articles = [art("a", "01.txt", "2024-04-09"),
                art("b", "05.txt", "2026-04-09"),
                art("c", "06.txt", dateline="本报南宁4月8日电"),
                art("d", "06.txt"),                                # no dateline: no date
                art("e", "06.txt", dateline="本报讯")]             # no day: no date
    out = {a.id: a for a in years_from_neighbours(articles)}
    assert (out["c"].date, out["c"].date_source) == ("2026-04-08", "dateline")
    assert out["d"].date is None and out["e"].date is None
    assert out["a"] == articles[0] and out["b"] == articles[1]


def test_the_articles_own_page_comes_first_then_the_earlier_of_two_as_near():
    own = [art("x", "02.txt", "2026-12-30"), art("y", "02.txt", dateline="新华社北京1月2日电"),
           art("z", "01.txt", "2020-01-05")]
    assert years_from_neighbours(own)[1].date == "2027-01-02"
    tie = [art("p", "01.txt", "2024-03-01"), art("q", "02.txt", dateline="本报北京3月2日电"),
           art("r", "03.txt", "2025-03-01")]
    assert years_from_neighbours(tie)[1].date == "2024-03-02"


def test_without_any_dated_page_nothing_changes():
    articles = [art("c", "06.txt", dateline="本报南宁4月8日电")]
    assert years_from_neighbours(articles) == articles
