"""The pages of a site as independent tasks, each run here or by a worker (parallel
Executor.map): an article chunk, or one section (its index page and its listings).

For each page the renderer first asks the plan (render.plan) whether it can show
anything new; a page the plan leaves alone is carried over unseen, and only the others
get their view worked out (render.views) and written (render.writer). A task's result
is an `Output`; the output does not depend on where the tasks ran.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..display import display_title
from ..errors import SiteError
from ..models import Article
from . import routes, views
from .corpus import Related
from .plan import Plan, related_entries
from .views import Listing, SiteView
from .writer import Output, PageWriter

# Articles per task: enough to amortise a task's overhead, small enough to balance.
ARTICLE_CHUNK = 200


@dataclass(frozen=True)
class Task:
    kind: str          # "articles", or a section of views.SECTIONS
    start: int = 0     # articles[start:stop] of the corpus
    stop: int = 0

    @property
    def weight(self) -> int:
        """Its share of the progress bar: its articles, else one."""
        return self.stop - self.start if self.kind == "articles" else 1


def tasks(articles: int) -> list[Task]:
    """The pages as independent tasks, in the order they are handed out to the workers
    (the render's own process takes them from the end): the sections first, since the
    largest of them (tags, places, archive: a few seconds each at 10,000 articles) are
    single tasks, and one of them last left the other worker idle until it was done;
    the article chunks after them even the workers out."""
    return ([Task(kind) for kind in ("index", "places", "tags", "archive", "people",
                                     "ports", "proposals")] +
            [Task("articles", i, min(i + ARTICLE_CHUNK, articles))
             for i in range(0, articles, ARTICLE_CHUNK)])


class PageRenderer:
    """Renders tasks of one site; `plan` None: every page is looked at. `content`: the
    content folder as configured, to name an article's file in a warning.
    `related_lists`: hand back each story's related list in the Output (what the next
    render's plan compares with); a render without a page cache keeps no snapshot,
    and sending the lists of every story back from the workers was wasted work."""

    def __init__(self, site: SiteView, writer: PageWriter, plan: Plan | None,
                 content: str, related_lists: bool = True) -> None:
        self.site, self.writer, self.plan, self.content = site, writer, plan, content
        self.related_lists = related_lists

    def run(self, task: Task) -> Output:
        out = Output()
        if task.kind == "articles":
            for article in self.unseen_ones(self.site.corpus.articles[task.start:task.stop],
                                            out):
                self.article(article, out)
        else:
            index, listings = views.SECTIONS[task.kind](self.site)
            self.writer.page(index, out)
            for listing in listings:
                self.listing(listing, out)
        return out

    def unseen_ones(self, articles: tuple[Article, ...], out: Output) -> list[Article]:
        """The articles whose pages are not carried over at once: those the plan leaves
        alone (not changed, related list not to be checked) are kept here in one
        tight loop (each took three calls and the plan's questions: a few tenths of a
        second a build over 10,000 pages that all stay), the rest go to article()."""
        plan = self.plan
        if plan is None:
            return list(articles)
        changed, recheck = plan.articles, plan.recheck
        canonical_of, keep = self.site.corpus.canonical_of, self.writer.keep
        return [article for article in articles
                if article.id in changed or canonical_of[article.id] in recheck
                or not keep(routes.article_path(article), out)]

    def related(self, canonical: Article, out: Output) -> tuple[Related, ...]:
        found = self.site.corpus.related.get(canonical.id, ())
        if self.related_lists or self.plan is not None:
            out.related[canonical.id] = related_entries(found)
        return found

    def unseen(self, article: Article, canonical: Article, out: Output) -> bool:
        """The plan says the article's page shows nothing new: carried over."""
        plan = self.plan
        if plan is None or article.id in plan.articles:
            return False
        if canonical.id in plan.recheck:  # unless its related list is the last render's
            self.related(canonical, out)
            if not plan.related_unchanged(canonical.id, out.related[canonical.id]):
                return False
        return self.writer.keep(routes.article_path(article), out)

    def article(self, article: Article, out: Output) -> None:
        canonical = self.site.corpus.canonical_article(article)
        if self.unseen(article, canonical, out):
            return
        if not article.title:
            # Content files are named by id; the renderer does not know their folder.
            out.warnings.append(SiteError(
                f"{self.content}/{article.id}.md",
                f"article has no title; shown as '{display_title(article)[0]}' (editorial)"))
        self.writer.page(views.article_page(self.site, article, self.related(canonical, out)),
                         out)

    def listing(self, listing: Listing, out: Output) -> None:
        per_page = max(1, self.site.config.per_page)
        look = self.pages_to_look_at(listing, per_page)
        for number in listing.numbers(per_page):
            if look is not None and number not in look and \
                    self.writer.keep(listing.path(number), out):
                continue
            self.writer.page(views.listing_page(self.site, listing, number), out)

    def pages_to_look_at(self, listing: Listing, per_page: int) -> set[int] | None:
        """The numbers of the listing's pages that may show something new (None: all
        of them). A listing with no facet, such as a port's, is always looked at; one
        the plan does not name, never. Otherwise its front page; the numbered pages
        (counted from the oldest, see views.Listing) of its changed articles; when
        articles joined it, every page from the oldest of them on (the later ones
        moved); and when the number of pages changed, the last pages, whose pagers
        link within views.PAGER_AROUND of it. An article that left it or moved
        among its others moves pages nobody kept count of: all are looked at."""
        plan, facet = self.plan, listing.facet
        if plan is None or facet is None:
            return None
        if facet not in plan.facets:
            return set()
        if facet in plan.whole:
            return None
        look = {routes.FRONT}
        joined, changed = plan.joined.get(facet, frozenset()), plan.changed
        count, first_moved, came = len(listing.articles), None, 0
        for i, article in enumerate(listing.articles):
            if article.id in changed:
                look.add((count - 1 - i) // per_page + 1)  # its page, from the oldest
            if article.id in joined:
                first_moved, came = count - 1 - i, came + 1
        pages = listing.pages(per_page)
        if first_moved is not None:
            look.update(range(first_moved // per_page + 1, pages + 1))
        before = Listing.pages_of(count - came, per_page)
        if came and before != pages:
            look.update(range(max(1, min(before, pages) - views.PAGER_AROUND - 1), pages + 1))
        return look


def run_task(renderer: PageRenderer, task: Task) -> Output:
    """One task (Executor.map's function)."""
    out = renderer.run(task)
    renderer.writer.files.deliver(out)  # (on another machine: the bytes it made)
    return out
