"""One page -> its articles and discards: paragraphs, their roles, the stories.

    lines ─clean─▶ paragraphs ─evidence─▶ role scores ─segment─▶ reading ─assemble─▶ articles

`articles_from_page` reads a text dump; `articles_from_paragraphs` is the seam every
kind of page goes through (ingest/pdf.py hands it the paragraphs of a PDF page, with
the layout evidence only a PDF has). `explain_page` prints each paragraph with its
role and the evidence that decided it.
"""
from __future__ import annotations

import dataclasses
import math
import operator
import re
from collections import Counter
from dataclasses import dataclass

from pathlib import Path

from ..models import Article, Discard, PageResult, Proposal, RawPage
from . import columns, evidence, lexicon, meta
from .assemble import build_articles, glued_name, word_across
from .clean import Para, make_paragraphs, page_is_wrapped
from .read import read_page
from .segment import NEG, Reading, best_reading
from .strips import read_strips


@dataclass(frozen=True)
class Analysis:
    """Everything the reading of a page was decided on: for --explain and for tests."""

    paras: tuple[Para, ...]
    features: tuple[dict[str, float], ...]
    scores: tuple[dict[str, float], ...]
    reading: Reading
    heads_up: int = 0  # heads_point_up: display lines whose own words are the text above's


def directions(paras: list[Para]) -> list[str]:
    """What a paragraph says of where stories go: a continuation marker's direction
    (up, down), a wire trailer that closes its story, a box label (记者手记) that keeps
    the story going after its credit."""
    from .assemble import _direction
    out = []
    for p in paras:
        folded = lexicon.fold(p.text.strip())
        out.append(_direction(p.text) or ("close" if lexicon.TRAILER_WIRE.match(folded) else "")
                   or ("signed" if lexicon.SIGN_OFF.match(folded) else "")
                   or ("sidebar" if lexicon.SIDEBAR.match(re.sub(r"\s+", "", folded)) else ""))
    return out


def join_couplets(paras: list[Para]) -> list[Para]:
    """Two display lines of one length with no punctuation (`加快动能转换` / `聚力转型升级`)
    are one headline printed in two lines: one unit."""
    out: list[Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if prev is not None and _couplet(prev, para) and not (len(out) >= 2 and _couplet(out[-2], prev)):
            out[-1] = dataclasses.replace(prev, text=f"{prev.text} {para.text}", last=para.last,
                                          n_lines=prev.n_lines + para.n_lines, display=True)
            continue
        out.append(para)
    return out


_BRIEF_HEAD = re.compile(rf"^(?:\*\*)?(?P<title>(?=(?:[^{lexicon.CJK}]*[{lexicon.CJK}]){{4}})"
                         r"[^，。；：！？,;:!?\s*（）()【】\[\]/|｜]{4,24})(?:\*\*)?[ \u3000]+")


def name_head_lines(paras: list[Para]) -> list[Para]:
    """Head lines that print the name of their part (`引题：…`, `副题：…`) take the role it
    names, the label dropped; a wire copy's dateline with its headline after it
    (`新华社北京3月5日电　题：…`) is that headline, then the dateline alone; a brief's
    title run in before its lead is its headline."""
    out = []
    for para in paras:
        printed = para.text.strip()
        folded = lexicon.fold(printed)  # (character for character: its offsets are the text's)
        field = lexicon.head_field(folded)
        # (a wire lead looked for only where a 题 may follow it: most paragraphs have none)
        wire = lexicon.WIRE_LEAD.match(folded) if "题" in folded else None
        title = lexicon.WIRE_TITLE.match(folded, wire.end()) if wire else None
        brief = _BRIEF_HEAD.match(printed) if not field and not wire else None
        if brief and (evidence.lead_of(folded[brief.end():]) is None
                      or lexicon.WIRE_LEAD.match(folded)):
            brief = None
        if field:
            end, role = field
            out.append(dataclasses.replace(para, text=printed[end:].strip(), display=True,
                                           named_role=role))
        elif brief:
            # a brief's title run in before its lead (`某某通车　本报讯（记者X）…`, a column
            # of short news): its headline, then the lead
            out.append(dataclasses.replace(para, text=brief["title"], last=para.first, n_lines=1,
                                           display=True, cut=False, named_role="headline"))
            out.append(dataclasses.replace(para, text=printed[brief.end():].strip(), gap=0))
        elif title:
            out.append(dataclasses.replace(para, text=printed[title.start("title"):].strip(),
                                           display=True, named_role="headline"))
            out.append(dataclasses.replace(para, text=printed[:wire.end()].strip(), gap=0))
        else:
            out.append(para)
    return out


def split_trailers(paras: list[Para]) -> list[Para]:
    """A wire trailer at the end of a paragraph (`…。（新华社北京4月9日电）`) closes its story,
    and a continuation marker at its start (`■上接第1版 …`) opens one: each is a unit of
    its own, as if printed on its own line."""
    out = []
    for para in paras:
        marker = lexicon.CONTINUATION.match(lexicon.fold(para.text))
        if marker and marker.end() < len(para.text) and not para.level:
            out.append(dataclasses.replace(para, text=para.text[:marker.end()].strip(),
                                           last=para.first, n_lines=1, cut=False,
                                           body_hint=False, display=False))
            para = dataclasses.replace(para, text=para.text[marker.end():].strip(), gap=0)
        m = (lexicon.TRAILER_END.search(lexicon.fold(para.text))
             or lexicon.GLUED_CREDIT.search(lexicon.fold(para.text)))
        if m and m.start() > 0 and not para.level:
            out.append(dataclasses.replace(para, text=para.text[:m.start()].rstrip(), cut=False))
            out.append(dataclasses.replace(para, text=para.text[m.start():].strip(), first=para.last,
                                           cut=False, body_hint=False, n_lines=1, gap=0,
                                           indent=False, display=False, tail=True))
            continue
        out.append(para)
    return out


def analyse(paras: list[Para], wrapped: bool, indent: bool) -> Analysis:
    """Role evidence and the best reading of a page's paragraphs."""
    facts = evidence.page_facts(paras, wrapped, indent)
    feats = [evidence.features(p, i, facts) for i, p in enumerate(paras)]
    bigrams = _Bigrams(paras)
    context(paras, feats, bigrams)
    scores = [evidence.scores(f) for f in feats]
    dirs = [d or ("signature" if "signature" in f else "")
            or ("complete" if "head_label" in f else "")
            or ("names" if "byline_pat" in f and not p.text.startswith(("（", "(")) else "")
            or ("names" if "lead_pat" in f and evidence.lead_names(lexicon.fold(p.text.strip())) else "")
            # an e-paper meta line with no author field (`来源：…　日期：…`) names nobody
            or ("nameless" if "epaper_meta" in f and "作者" not in p.text else "")
            for d, f, p in zip(directions(paras), feats, paras)]
    for s, d in zip(scores, dirs):
        if d not in ("up", "down"):
            s["marker"] = NEG
    heads_up = heads_point_up(paras, scores, bigrams)
    reading = best_reading(scores, dirs, [int(f.get("vocabulary_break", 0)) for f in feats], heads_up)
    return Analysis(tuple(paras), tuple(feats), tuple(scores), reading, heads_up)


def heads_point_up(paras: list[Para], scores: list[dict[str, float]],
                   bigrams: _Bigrams | None = None) -> int:
    """How many of the page's display lines (headlines, kickers) share their own words
    (those not on both sides) with the text above them rather than the text below, when
    none does the other way: a page of headlines printed after their bodies."""
    bigrams = bigrams or _Bigrams(paras)
    ups = downs = 0
    for i, para in enumerate(paras):
        head = lexicon.NOT_HAN.sub("", para.text)
        if len(head) < 4 or len(para.text) > 40 \
                or max(scores[i], key=scores[i].__getitem__) not in ("headline", "kicker"):
            continue
        above = bigrams.of(tuple([j for j in bigrams.body if j < i][-3:]))[1]
        below = bigrams.of(tuple([j for j in bigrams.body if j > i][:3]))[1]
        words = set(map(operator.add, head, head[1:]))
        up = sum(1 for w in words if w in above and w not in below)
        down = sum(1 for w in words if w in below and w not in above)
        # (a head of a few words shared with one side only: each story has its own)
        if min(up, down) == 0 and max(up, down) >= 3:
            ups, downs = ups + bool(up), downs + bool(down)
    # (one head that points down, and the page may mix the two: the grammar decides)
    return ups if not downs else 0


_DASH_KICKER = {"dash_end", "person_kicker", "group_kicker", "speech_kicker"}  # `某某代表——`


def context(paras: list[Para], feats: list[dict[str, float]], bigrams: _Bigrams) -> None:
    """Evidence that needs the neighbours: a short line among the header lines at the top
    of the page is the page's name (`要闻`), not a headline."""
    _display_pairs(paras, feats)
    _broken_words(paras, feats, bigrams)
    _repeated_formulas(paras, feats)
    # a page that sets its paragraphs apart by blank lines
    spaced = sum(1 for p in paras[1:] if p.gap) > 0.6 * max(1, len(paras) - 1)
    for i, f in enumerate(feats):
        nxt = feats[i + 1] if i + 1 < len(feats) else {}
        if "photo_credit" in nxt and "long" not in nxt and "very_long" not in f \
                and not {"photo_credit", "trailer_pat", "paren_names", "byline_pat"} & f.keys():
            f["before_photo_credit"] = 1.0
            if spaced and paras[i + 1].gap == 0 and paras[i + 1].first > paras[i].last:
                # where paragraphs are set apart, a text run on into a photo credit's own
                # line is its caption
                f["run_into_credit"] = 1.0
        prv = feats[i - 1] if i > 0 else {}
        if paras[i].gap >= 2 and "long" not in f and "very_long" not in f and (
                i + 1 == len(paras) or paras[i + 1].gap >= 2
                or ("ends_sentence" in f and "short" in nxt and "ends_sentence" not in nxt)):
            # blank space above, and below or a display line: a caption in an image's hole
            f["isolated"] = 1.0
        if "speaker" in nxt and "long" not in f and not _NOT_DISPLAY & f.keys():
            f["above_speaker"] = 1.0  # the headline of what the speaker under it says
        if "surnamed_word" in f and (_CREDIT_LINE & prv.keys() or "ends_sentence" in prv
                                     and not _BODY_TEXT & nxt.keys()):
            # one name-like word under a story's last sentence with no text under it, or
            # under another credit: a writer's name (between two paragraphs of text it may
            # be a section head, over a headline a kicker)
            f["surnamed_names"] = 1.0
        if "credit_role" in nxt or "credit_role" in prv:
            f["in_credit_block"] = 1.0
        if "long" not in f and "very_long" not in f:
            if i + 1 < len(paras) and "long" in nxt and points_back(paras, i + 1, i - 1):
                f["refers_back"] = 1.0  # the text under it goes on from the text above
            shared = cohesion(paras, i, bigrams=bigrams)
            if shared is not None:
                # + when the text around shares little vocabulary, - when it shares much
                f["topic_shift"] = round(max(-1.0, min(1.0, (0.12 - shared) / 0.12)), 2)
        if ({"long", "very_long", "ends_sentence"} & f.keys() and i > 0
                and not points_back(paras, i, i - 1)):
            shared = cohesion(paras, i, window=3, bigrams=bigrams, from_here=True)
            if shared is not None and shared < VOCABULARY_BREAK:
                # (no weight: it lets a story without headline or byline start here; more
                # space above it than between paragraphs makes that likelier)
                # (a summary box right above takes the space set above it; a photo's
                # credit right above, the photo's)
                above = i - 1 if "standfirst" in prv else i
                f["vocabulary_break"] = 2.0 if (spaced and paras[above].gap >= 2
                                                or {"photo_credit", "data_credit"} & prv.keys()) else 1.0
        if "web_meta" in nxt and "web_meta" not in f and "very_long" not in f \
                and re.search(r"\d{1,2}:\d{2}", paras[i + 1].text):
            f["above_time_stamp"] = 1.0  # a web copy's headline, then its time stamp
        if _DASH_KICKER & prv.keys() and "long" not in f:
            f["after_dash_kicker"] = 1.0  # `X——` introduces the headline: no second kicker
        if "quote" in f and "top" in f and "long" not in f \
                and not _DASH_KICKER & f.keys():
            # a quoted line above the first story: an export's banner (one that ends in a
            # dash, `某某解读政府工作报告——`, introduces the headline under it: a kicker)
            f["banner"] = 1.0
        level = paras[i].level
        if level and i + 1 < len(paras) and 0 < paras[i + 1].level < level:
            f["above_bigger_heading"] = 1.0  # `### X` over `# Y`: X is Y's kicker
        if "top" in f and "tiny" in f and "furniture_pat" not in f and i <= 4 \
                and ("furniture_pat" in prv or "furniture_pat" in nxt or "web_meta" in nxt
                     or ("web_meta" in prv and not re.search(r"\d{1,2}:\d{2}", paras[i - 1].text))) \
                and not re.search("[“”‘’「」\"]", paras[i].text):
            # (a page's name is a plain name: a short line in quotation marks is a headline;
            # the line under a web copy's time stamp is its byline)
            f["page_edge"] = 1.0
        elif "lead_pat" in nxt and "long" not in f and not _NOT_DISPLAY & f.keys() \
                and not re.search("[。！？；]", paras[i].text):
            f["above_lead"] = 1.0  # a dateline opens a story: the line above heads it


_BODY_TEXT = {"long", "ends_sentence", "lead_pat"}
_CREDIT_LINE = {"sign_off", "trailer_pat", "byline_pat", "names_only", "paren_names"}


def points_back(paras: list[Para], i: int, before: int) -> bool:
    """Paragraph i opens as no story's first paragraph does: with a pronoun or linking
    word, or with a speaker whom paragraph `before` has named."""
    folded = lexicon.fold(paras[i].text.strip())
    if lexicon.ANAPHOR.match(folded):
        return True
    speaker = lexicon.SPEAKER_OPENING.match(folded)
    return bool(speaker) and before >= 0 and speaker["who"] in paras[before].text


_DISPLAY_SHAPE = {"short", "middling"}
_NOT_DISPLAY = {"ends_sentence", "byline_pat", "lead_pat", "lead_alone", "furniture_pat",
                "person_kicker", "group_kicker", "speech_kicker", "label_pat", "dash_end",
                "subtitle_pat", "paren_label", "names_only", "photo_credit", "trailer_pat"}


def _display_pairs(paras: list[Para], feats: list[dict[str, float]]) -> None:
    """Two display lines one right above the other, of clearly different lengths: which
    is the headline (the shorter) the lexicon cannot tell, the lengths may."""
    display = [bool(_DISPLAY_SHAPE & f.keys()) and not _NOT_DISPLAY & f.keys() for f in feats]
    for i in range(len(paras) - 1):
        if paras[i + 1].gap or not (display[i] and display[i + 1]):
            continue
        upper, lower = (len(re.sub(r"\s", "", paras[k].text)) for k in (i, i + 1))
        if min(upper, lower) < 5:
            continue  # (a writer's name, a column's two-character label)
        if upper >= lower + 4:
            feats[i]["above_shorter"] = feats[i + 1]["under_longer"] = 1.0
        elif lower >= upper + 4:
            # (a clause twice as long as the headline above it is its subtitle, not the
            # headline's second line: a headline is broken into lines of like length)
            feats[i]["above_longer"] = 1.0
            feats[i + 1]["under_shorter"] = 2.0 if (
                lower >= 2 * upper and paras[i + 1].n_lines == 1
                and re.search("[，,]", paras[i + 1].text)) else 1.0


def _broken_words(paras: list[Para], feats: list[dict[str, float]], bigrams: _Bigrams) -> None:
    """Two short display lines one right under the other where the upper stops inside a
    word (`某某药` / `材出山记`: the two characters across the break are a word the page's
    text uses): one headline broken over two lines, not a kicker over a headline. The
    page's own text is the dictionary."""
    text = None
    for i in range(len(paras) - 1):
        upper, lower = paras[i].text.strip(), paras[i + 1].text.strip()
        if paras[i + 1].gap or paras[i].level != paras[i + 1].level \
                or not (_DISPLAY_SHAPE & feats[i].keys() and _DISPLAY_SHAPE & feats[i + 1].keys()) \
                or _NOT_BROKEN & (feats[i].keys() | feats[i + 1].keys()):
            continue
        if text is None:
            text = "".join(bigrams.han.values())
        if word_across(upper, lower, text):
            feats[i]["broken_word"] = feats[i + 1]["broken_word"] = 1.0


# (three characters may be a name as well as a headline's first line: `某某药` / `材…`)
_NOT_BROKEN = (_NOT_DISPLAY - {"names_only"}) | {"ends_comma"}


def _byline_formula(para: Para, feats: dict[str, float]) -> str | None:
    """What a byline line says before its names (`本报记者`; a line of names only says
    nothing before them); None when the line is no byline."""
    if "names_only" in feats:
        return ""
    folded = lexicon.fold(para.text.strip())
    # (or the formula of a byline glued to the top of the body: `本报记者 王一 近日，…`)
    match = lexicon.BYLINE.match(folded) or lexicon.GLUED_BYLINE.match(folded)
    if not match or not match["who"]:
        return None
    # (a box mark is the byline's ornament, not its formula: `□本报记者` is `本报记者`)
    return re.sub(rf"\s|^{lexicon.BOX}", "", match.group(0)[:match.start("who")])


def _repeated_formulas(paras: list[Para], feats: list[dict[str, float]]) -> None:
    """A byline line under a story's text and over a second byline: two byline lines
    that open with the same formula (`本报记者 王一` over `本报记者 李二`, `王一` over
    `李二`), or a writer's name glued to the top of the paragraph below (`李二 近日，…`).
    A story names its reporters of one kind once, so the upper closes the story above."""
    for i in range(1, len(paras) - 1):
        if not {"ends_sentence", "ends_question", "long"} & feats[i - 1].keys():
            continue
        formula = _byline_formula(paras[i], feats[i])
        if formula is None:
            continue
        lower = _byline_formula(paras[i + 1], feats[i + 1])
        if formula == lower or lower is None and glued_name(paras[i + 1].text):
            feats[i]["formula_again"] = 1.0


def _couplet(a: Para, b: Para) -> bool:
    ta, tb = a.text, b.text
    return (4 <= len(ta) <= 12 and abs(len(ta) - len(tb)) <= 1 and b.gap <= 1
            and not a.level and not b.level and a.display and b.display
            and not (a.named_role or b.named_role)
            and not re.search(r"[\s，。、；：！？“”（）()|·—0-9A-Za-z]", ta + tb)
            and not any(_credit_like(t) for t in (ta, tb)))


def _credit_like(text: str) -> bool:
    folded = lexicon.fold(text)
    return bool(lexicon.BYLINE.match(folded) or lexicon.NAMES_ONLY.match(folded)
                or lexicon.COMMENTATOR.match(folded) or lexicon.ROLE_WORDS.search(folded)
                or re.search(r"(?:代表|委员|记者|评论员)$", folded))


# below this cosine, the body text from a paragraph on and the text before it are two
# stories' (TextTiling's depth, read as a threshold)
VOCABULARY_BREAK = 0.05


class _Bigrams:
    """The character bigrams of runs of a page's body paragraphs, each run counted once
    (the paragraphs around one short line are those around the next)."""

    def __init__(self, paras: list[Para]) -> None:
        self.paras = paras
        # (a summary box set as a quotation sums up the story under it: not its text)
        self.body = [j for j, p in enumerate(paras)
                     if len(p.text) >= 40 and not p.level and not p.quote]
        self.made: dict[tuple[int, ...], tuple[int, Counter, int]] = {}
        # each paragraph's Han characters (those of a run are theirs, joined), once
        self.han = {j: lexicon.NOT_HAN.sub("", paras[j].text) for j in self.body}

    def of(self, run: tuple[int, ...]) -> tuple[int, Counter, int]:
        """(length of the run's text, its bigram counts, the sum of their squares)."""
        if run not in self.made:
            han = "".join([self.han[j] for j in run])
            # (bigrams as two-character strings: counted faster than pairs of characters)
            counts = Counter(map(operator.add, han, han[1:]))
            self.made[run] = (sum([len(self.paras[j].text) for j in run]), counts,
                              sum(map(operator.mul, counts.values(), counts.values())))
        return self.made[run]


def cohesion(paras: list[Para], i: int, window: int = 8,
             bigrams: _Bigrams | None = None, from_here: bool = False) -> float | None:
    """How much the body text before paragraph i and the body text after it share their
    vocabulary (cosine of character bigrams): a section head sits inside one story's
    vocabulary, a new story's headline between two (TextTiling, Hearst 1997). None when
    either side has too little text to tell. `bigrams`: the page's, when asked for many
    of its paragraphs; `from_here`: the text after starts with paragraph i itself."""
    bigrams = bigrams or _Bigrams(paras)
    size_a, a, squares_a = bigrams.of(tuple([j for j in bigrams.body if j < i][-window:]))
    size_b, b, squares_b = bigrams.of(tuple([j for j in bigrams.body
                                             if j >= i + (not from_here)][:window]))
    if size_a < 80 or size_b < 80:
        return None
    shared = a.keys() & b.keys()  # (integer sums: exact in any order)
    dot = sum(map(operator.mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))
    norm = math.sqrt(squares_a * squares_b)
    return dot / norm if norm else None


def _lead_story(articles: list[Article]) -> int | None:
    if not articles:
        return None
    return max(range(len(articles)), key=lambda k: len(articles[k].body))


def articles_from_paragraphs(paras: list[Para], seed: str, newspaper: str, page_text: str,
                             wrapped: bool = False, indent: bool = False) -> PageResult:
    """Split a page's paragraphs into articles (ids left empty: the build assigns them)."""
    paras, strip_props, discards = read_strips(join_couplets(split_trailers(name_head_lines(paras))), seed)
    analysis = analyse(paras, wrapped, indent)
    articles, more, _ = build_articles(paras, analysis.reading, seed, newspaper, page_text,
                                       raw=wrapped)
    discards += more
    # photo captions that quote a deputy's proposal belong to the page's lead story
    caption_props: list[Proposal] = []
    for article in articles:
        for caption in article.captions:
            proposal = meta.caption_proposal(caption)
            if proposal:
                caption_props.append(proposal)
    lead = _lead_story(articles)
    if lead is not None and (strip_props or caption_props):
        host = articles[lead]
        merged: dict[str, Proposal] = {}
        for proposal in (*strip_props, *caption_props, *host.proposals):
            merged.setdefault(proposal.person, proposal)  # a column item before a quote
        articles[lead] = dataclasses.replace(host, proposals=tuple(merged.values()))
    elif strip_props:
        for p in strip_props:
            discards.append(Discard(seed, 0, 0, "\n".join(
                filter(None, [p.person, p.role, p.affiliation, p.statement, p.credit])),
                "statement with no story on the page"))
    return PageResult(seed=seed, articles=tuple(articles), discards=tuple(discards))


def as_read(page: RawPage) -> RawPage:
    """The page in reading order: a dump that prints columns side by side
    (`pdftotext -layout`) is read column after column."""
    if columns.side_by_side(page.lines):
        return dataclasses.replace(page, lines=columns.reorder(page.lines))
    return page


def articles_from_page(page: RawPage, newspaper: str) -> PageResult:
    page = as_read(page)
    paras = make_paragraphs(page)
    wrapped = page_is_wrapped(page.lines)
    indent = wrapped and sum(1 for ln in page.lines if ln.text.startswith("\u3000")) >= 3
    text = "\n".join(line.text for line in page.lines)
    return articles_from_paragraphs(paras, page.name, newspaper, text, wrapped, indent)


def explain_file(path: Path, newspaper: str) -> str:
    """`site-builder ingest --explain PAGE`: how a text dump or each page of a PDF is read."""
    if path.suffix.lower() == ".pdf":
        from .pdf import read_pdf

        pages, errors = read_pdf(path)
        out = [explain_paragraphs(page.paras, seed, False, False) for seed, page in pages]
        out += [f"skipped: {error}" for error in errors]
        return "\n\n".join(out)
    return explain_page(read_page(path), newspaper)


def explain_page(page: RawPage, newspaper: str) -> str:
    """Each paragraph of the page with its role, the runner-up and the evidence for both:
    what an editor reads to see why the page was cut as it was."""
    page = as_read(page)
    wrapped = page_is_wrapped(page.lines)
    indent = wrapped and sum(1 for ln in page.lines if ln.text.startswith("\u3000")) >= 3
    return explain_paragraphs(make_paragraphs(page), page.name, wrapped, indent)


def explain_paragraphs(paras: list[Para], name: str, wrapped: bool, indent: bool) -> str:
    kept, strip_props, _ = read_strips(join_couplets(split_trailers(paras)), name)
    analysis = analyse(kept, wrapped, indent)
    out = [f"{name}: {len(kept)} paragraphs, "
           f"{'wrapped' if wrapped else 'one paragraph a line'}"
           f"{', indented' if indent else ''}; {len(analysis.reading.starts)} stories, "
           f"read as a page of {analysis.reading.layout} headlines"
           + (f" ({analysis.heads_up} heads share their own words with the text above them)"
              if analysis.heads_up else "")]
    if strip_props:
        out.append(f"  statement strips: {', '.join(p.person for p in strip_props)}")
    starts = set(analysis.reading.starts)
    story = 0
    for i, (para, role) in enumerate(zip(kept, analysis.reading.roles)):
        if i in starts:
            story += 1
            out.append(f"── story {story} " + "─" * 40)
        scores = analysis.scores[i]
        ranked = sorted((s, r) for r, s in scores.items() if s != NEG)[::-1]
        runner = next((r for s, r in ranked if r != role), "")
        why = _why(analysis.features[i], role, runner)
        where = f"{para.first}" if para.first == para.last else f"{para.first}-{para.last}"
        if para.box is not None:
            where = f"block {where} col {para.column} size {para.size:.1f}"
        text = para.text if len(para.text) <= 36 else para.text[:35] + "…"
        out.append(f"  {where:>9} {role:<9} {scores[role]:6.1f} (vs {runner} {scores.get(runner, 0):.1f})"
                   f"  {text}")
        if why:
            out.append(f"{'':12}{why}")
    return "\n".join(out)


def _why(feats: dict[str, float], role: str, runner: str) -> str:
    """The features that pulled the chosen role above the runner-up (largest first), then
    those that weigh nothing but steer the grammar (vocabulary_break)."""
    pulls = []
    for name, value in feats.items():
        w = evidence.WEIGHTS.get(name, {})
        delta = (w.get(role, 0.0) - w.get(runner, 0.0)) * value
        if delta:
            pulls.append((delta, name))
    pulls.sort(reverse=True)
    steering = [name for name in feats if name not in evidence.WEIGHTS]
    return " ".join([f"{name}{delta:+.1f}" for delta, name in pulls[:6]] + steering)
