"""The evidence for each paragraph's role on its page, and the weights that score it.

Every paragraph of a page could be any of the ROLES; what decides is evidence of three
kinds: layout (length, line width, indent, blank lines, Markdown level, position on the
page, and for PDFs type size, weight and column span), lexicon (outlet names,
记者/通讯员/讯/电/摄/责任编辑, dates) and punctuation in either width. `features()`
reads the evidence off one paragraph; `WEIGHTS` is the one table that turns it into a
score per role; `segment.py` then picks the best-scoring reading of the whole page.

The weights are data. They were set by reading pages and checked on the dev half of
the development corpus (tools/corpus_eval.py); change them there, not in code.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import Mapping

from ..nlp import SURNAMES
from . import lexicon as lx
from .clean import Para, visual_width

ROLES = ("furniture", "kicker", "headline", "subtitle", "byline", "lead", "body",
         "crosshead", "caption", "credit", "marker")

# feature -> {role: weight}. A paragraph's score for a role is BIAS[role] plus the
# weights of the features it shows (numeric features count by their value).
BIAS: Mapping[str, float] = {
    "furniture": -3.0, "kicker": -1.5, "headline": -1.0, "subtitle": -4.0, "byline": -4.0,
    "lead": -6.0, "body": 0.0, "crosshead": -1.5, "caption": -4.0, "credit": -4.0,
    "marker": -9.0,
}
WEIGHTS: Mapping[str, Mapping[str, float]] = {
    # --- shape ----------------------------------------------------------------------
    "no_words":        {"body": 5, "headline": -8, "crosshead": -8, "kicker": -8,
                        "byline": -8, "subtitle": -8},
    "tiny":            {"body": -4, "headline": -1.0, "crosshead": 0.5, "kicker": 0.5, "byline": 1},
    "short":           {"body": -2.5, "headline": 2.5, "crosshead": 2.5, "kicker": 2, "subtitle": 1,
                        "byline": 1, "credit": 1, "furniture": 0.5},
    "middling":        {"body": -0.5, "headline": 1.5, "crosshead": 1, "kicker": 1, "subtitle": 1,
                        "caption": 0.5},
    "long":            {"headline": -6, "crosshead": -6, "kicker": -5, "subtitle": -4, "byline": -5,
                        "credit": -3, "furniture": -3, "body": 2},
    "very_long":       {"headline": -10, "crosshead": -10, "kicker": -10, "caption": -3, "body": 2},
    "ends_sentence":   {"body": 2, "headline": -6, "crosshead": -5, "kicker": -4, "subtitle": -3,
                        "caption": 1, "byline": -3},
    "ends_open":       {"body": -1.5, "headline": 0.5, "crosshead": 0.5, "kicker": 0.5},
    "ends_question":   {"headline": 2.5, "crosshead": 2.5, "body": -1},
    "ends_colon":      {"body": 1, "headline": -3, "crosshead": -2, "kicker": -1},
    "ends_comma":      {"kicker": -3, "headline": 1},
    "inner_stop":      {"body": 2.5, "headline": -4, "crosshead": -4, "kicker": -3, "subtitle": -3,
                        "byline": -3, "caption": 0.5},
    "commas":          {"body": 1, "headline": -0.5, "crosshead": -0.5, "byline": -1},
    "sentences":       {"body": 1.5, "headline": -3, "crosshead": -3, "caption": -0.5},
    # --- layout ---------------------------------------------------------------------
    "md_h1":           {"headline": 6, "crosshead": 1, "kicker": 1, "body": -8, "furniture": 0.5},
    "md_h2":           {"headline": 4, "crosshead": 3.5, "kicker": 1, "subtitle": 1, "body": -8},
    "md_h3":           {"headline": 3, "crosshead": 4, "kicker": 1, "body": -8},
    "emphasis":        {"headline": 3, "crosshead": 3, "kicker": 1, "body": -2},
    "quote":           {"furniture": 3, "kicker": 2, "body": -1},
    "gap_before":      {"headline": 0.5, "kicker": 0.5, "furniture": 0.3},
    "big_gap":         {"headline": 0.5, "kicker": 0.5, "caption": 0.5},
    "multi_line":      {"body": 1.5, "headline": -1.5, "crosshead": -2, "kicker": -1.5, "byline": -1},
    "cut":             {"body": 3, "headline": -4, "crosshead": -4, "kicker": -3, "caption": -1},
    "body_hint":       {"body": 3, "headline": -4, "crosshead": -4, "kicker": -3},
    "indented":        {"body": 2, "headline": -3, "crosshead": -2, "kicker": -2, "byline": -2},
    "flush_on_indent": {"headline": 1.5, "crosshead": 1, "kicker": 1, "byline": 1, "body": -1.5},
    "display":         {"headline": 1.5, "crosshead": 1.5, "kicker": 1.5, "byline": 1, "subtitle": 1,
                        "body": -2},
    "spaced":          {"headline": 2.5, "crosshead": 1.5, "kicker": 0.5},
    "top":             {"furniture": 1.0, "kicker": 0.5, "headline": 0.5},
    "bottom":          {"furniture": 1.5, "credit": 0.5},
    "page_edge":       {"furniture": 4, "kicker": -3, "headline": -4},
    # --- PDF layout -----------------------------------------------------------------
    "size_big":        {"headline": 4, "kicker": 1.5, "subtitle": 1.5, "body": -4, "crosshead": 1},
    "size_huge":       {"headline": 4, "body": -6, "crosshead": -3},
    "size_small":      {"caption": 1.5, "credit": 1, "furniture": 1, "byline": 0.5, "headline": -3},
    "bold":            {"headline": 1, "crosshead": 2, "kicker": 1, "body": -1},
    "spans_columns":   {"headline": 2, "kicker": 1, "subtitle": 1, "body": -1},
    "in_band":         {"furniture": 8, "body": -6, "headline": -6},
    "near_image":      {"caption": 3},
    # --- lexicon --------------------------------------------------------------------
    "furniture_pat":   {"furniture": 9, "body": -6, "headline": -6, "crosshead": -6, "kicker": -4},
    "web_meta":        {"furniture": 8, "body": -6, "headline": -6, "crosshead": -6},
    "related_list":    {"furniture": 12, "body": -6, "headline": -6, "crosshead": -6, "kicker": -4},
    "separator":       {"furniture": 10},
    "masthead":        {"furniture": 7, "kicker": -3, "headline": -3, "byline": -4},
    "named_kicker":    {"kicker": 12},
    "named_headline":  {"headline": 12},
    "named_subtitle":  {"subtitle": 12},
    "continuation":    {"marker": 16, "body": -6, "headline": -6},
    "label_pat":       {"kicker": 5, "headline": -1, "crosshead": -1, "body": -3},
    "person_kicker":   {"kicker": 9, "headline": -3, "crosshead": -4, "body": -4},
    "group_kicker":    {"kicker": 7, "headline": -2, "crosshead": -3, "body": -3},
    "dash_end":        {"kicker": 2.5, "body": 0.5},
    "lead_in":         {"body": 6, "kicker": -5, "headline": -4},
    "quoted_sentence": {"body": 3, "headline": -3, "crosshead": -3, "kicker": -2},
    "speech_kicker":   {"kicker": 3, "headline": -1, "crosshead": -1},
    "paren_label":     {"kicker": 5, "headline": -2, "crosshead": -1, "body": -3, "credit": 1},
    "head_label":      {"headline": 3, "kicker": -1, "crosshead": -1},
    "subtitle_pat":    {"subtitle": 8, "headline": -4, "crosshead": -3, "kicker": -1, "body": -1.5},
    "byline_pat":      {"byline": 9, "credit": 5, "headline": -4, "crosshead": -4, "body": -5, "kicker": -4,
                        "furniture": -4},
    "author_field":    {"byline": 9, "credit": 7, "headline": -4, "body": -4},
    "epaper_meta":     {"byline": 9, "headline": -6, "body": -6},
    "commentator":     {"byline": 8, "credit": 3, "headline": -3, "body": -4},
    "names_only":      {"byline": 3.5, "credit": 3.5, "headline": -1, "crosshead": -1.5, "kicker": -1},
    # names that each start with a surname, letter-spaced (`王  一`) or several (`王一
    # 李二`): a credit, never a kicker or headline
    "surnamed_names":  {"kicker": -4, "headline": -2.5, "crosshead": -2, "byline": 1, "credit": 1},
    "speaker":         {"byline": 6, "headline": -3, "crosshead": -3, "kicker": -2},
    "lead_pat":        {"lead": 9, "body": -2, "headline": -4, "crosshead": -4},
    "lead_alone":      {"byline": 7, "lead": -6, "headline": -4},
    "trailer_pat":     {"credit": 12, "byline": 1, "body": -5, "headline": -4, "kicker": -3,
                        "crosshead": -4, "caption": -1},
    "paren_names":     {"credit": 7, "kicker": -5, "body": -3, "headline": -2},
    "trailer_end":     {"body": 1, "lead": 1},
    # printed on the last line of a paragraph, after its last sentence: that story's
    # credit, never the byline of the story below
    "glued_tail":      {"credit": 5, "byline": -5},
    "sign_off":        {"credit": 8, "body": -3, "headline": -6, "kicker": -4, "crosshead": -6},
    "sidebar":         {"crosshead": 9, "kicker": -3, "byline": -9, "headline": -3, "credit": -5},
    "signature":       {"body": 9, "subtitle": -9, "furniture": -3, "credit": -2, "headline": -5, "kicker": -4},
    "credit_role":     {"credit": 4, "furniture": 5, "body": -4, "headline": -4},
    # a question or an answer of an interview (`问：…？`): body text, whatever its length
    "qa_line":         {"body": 5, "headline": -5, "kicker": -4, "crosshead": -4, "credit": -5,
                        "furniture": -5, "byline": -5},
    # a photographer's credit (`本报记者  王一摄`, `李二摄（某某视觉）`) belongs to a photo:
    # never a story's display line, even set short and alone
    "photo_credit":    {"caption": 7, "credit": 1, "body": -3, "headline": -8, "kicker": -6,
                        "crosshead": -4},
    "in_credit_block": {"credit": 5, "furniture": 2, "byline": -3, "headline": -2, "body": -2},
    # the body before and after share their vocabulary (a section head) or do not (a new story)
    "topic_shift":     {"headline": 2, "kicker": 1.5, "byline": 1.5, "crosshead": -2},
    # a display line over a speaker line (`某某大学校长  王一`) heads what the speaker says
    "above_speaker":   {"headline": 1.5, "crosshead": -1.5},
    # a display line over a lead (`某某社某地X月X日电`, `本报讯`): that story's headline
    # or subtitle, not a section head of the story above (no section of a story opens
    # with a dateline)
    "above_lead":      {"headline": 3, "subtitle": 3, "crosshead": -3},
    # the upper of two bylines of one formula under a story's text closes that story
    "formula_again":   {"credit": 6, "byline": -2},
    # the paragraph under a display line goes on from the one above it: a section head
    "refers_back":     {"crosshead": 3, "headline": -3, "kicker": -2},
    "after_dash_kicker": {"kicker": -4, "headline": 1.5, "crosshead": -1},
    # of two display lines set one above the other, the headline is set biggest: the
    # shorter (a longer line above it is its kicker, a longer one below its subtitle)
    "above_shorter":   {"kicker": 1, "headline": -0.5},
    # two display lines broken inside a word: one headline's two lines
    "broken_word":     {"headline": 3, "kicker": -3, "subtitle": -2, "crosshead": 0.5},
    "under_longer":    {"headline": 0.5, "subtitle": -0.5},
    "above_longer":    {"headline": 0.5, "kicker": -0.5},
    "under_shorter":   {"subtitle": 3, "headline": -0.5, "body": -1},
    "above_time_stamp": {"headline": 5, "body": -4, "kicker": -1, "crosshead": -2},
    "banner":          {"furniture": 6, "kicker": -3, "headline": -4},
    "above_bigger_heading": {"kicker": 6, "headline": -2, "crosshead": -2},
    "isolated":        {"caption": 5, "body": -1.5},
    "before_photo_credit": {"caption": 5, "body": -2},
    "run_into_credit": {"caption": 4, "body": -1},
    "caption_pos":     {"caption": 5, "body": -1.5},
    "caption_mark":    {"caption": 7, "body": -2, "headline": -3},
    "standfirst":      {"caption": 7, "body": -3, "headline": -3, "crosshead": -3},
    "data_credit":     {"caption": 9, "body": -6, "headline": -4, "byline": -4, "credit": -2},
    "image":           {"caption": 10, "body": -8, "headline": -8},
    "role_words":      {"body": 0.5, "byline": 0.5},
}


@dataclass(frozen=True)
class PageFacts:
    """What the page as a whole tells about its paragraphs."""

    wrapped: bool          # a raw dump: hard-wrapped lines
    indent: bool           # its paragraphs start indented
    body_size: float       # the usual type size (PDF), 0 when unknown
    first_body: int        # index of the first paragraph that is surely body text
    last_body: int         # index of the last one


def surely_body(para: Para) -> bool:
    text = para.text
    return (len(text) >= 60 and bool(re.search(r"[。！？!?]", text))) or para.body_hint \
        or (para.n_lines >= 3 and len(text) >= 40)


def page_facts(paras: list[Para], wrapped: bool, indent: bool) -> PageFacts:
    sizes = [p.size for p in paras if p.size > 0 for _ in range(max(1, len(p.text) // 20))]
    body = [i for i, p in enumerate(paras) if surely_body(p) and not p.furniture] or [
        i for i, p in enumerate(paras) if len(p.text) >= 12 and not p.furniture
        and re.search(r"[。！？!?][”’」』）)]?$", p.text)]
    return PageFacts(wrapped=wrapped, indent=indent,
                     body_size=statistics.median(sizes) if sizes else 0.0,
                     first_body=body[0] if body else len(paras),
                     last_body=body[-1] if body else -1)


_LATIN_LETTER = re.compile("[A-Za-z]")  # (str.isascii() and str.isalpha())
# a stop with more text after it than closing marks
_NOT_LAST = r"(?!\s*$)(?![”’」』）)\"'])"
_STOP_INSIDE = re.compile(r"[。！？!?；;]" + _NOT_LAST)
_FULL_STOP_INSIDE = re.compile(r"[。；;]" + _NOT_LAST)
_SPACED = re.compile(rf"^(?:[{lx.CJK}][ \u3000]{{1,3}}){{2,}}[{lx.CJK}]$")


def features(para: Para, index: int, facts: PageFacts) -> dict[str, float]:
    """The evidence one paragraph shows, as {feature: value}."""
    text = para.text.strip()
    folded = lx.fold(text)
    compact = re.sub(r"\s+", "", text)
    n = len(compact)
    f: dict[str, float] = {}

    def on(name: str, value: float = 1.0) -> None:
        if value:
            f[name] = value

    if para.named_role:
        on("named_" + para.named_role)  # its printed label names its part (`引题：…`)
    on("no_words", not re.search(rf"[{lx.CJK}A-Za-z0-9]", compact))
    on("tiny", n <= 6)
    on("short", n <= 20)
    on("middling", 20 < n <= 40)
    on("long", n > 40)
    on("very_long", n > 120)
    stripped = folded.rstrip(lx.CLOSERS + " ")
    # a short line ending in ？ or ！ may be a headline; a full stop ends a sentence
    # (...but one of three clauses and longer than a headline is a sentence)
    exclaims = bool(stripped) and stripped[-1] in "？！" and n <= 40 and not (
        n > 24 and len(re.findall("[，,]", folded)) >= 2)
    on("ends_sentence", bool(stripped) and stripped[-1] in "。！？…；" and not exclaims)
    on("ends_question", exclaims)
    on("ends_colon", folded.endswith("："))
    # `团结奋斗，` over `把蓝图变成现实`: a headline broken at its comma, not a kicker
    on("ends_comma", n <= 30 and folded.endswith(("，", "、")))
    on("ends_open", bool(stripped) and stripped[-1] not in "。！？…；：" + lx.CLOSERS and not para.cut)
    # (a short line may ask, then answer: `…如何？各方进展来了` is a headline's way)
    on("inner_stop", bool((_FULL_STOP_INSIDE if n <= 40 else _STOP_INSIDE).search(folded[:-1])))
    on("commas", bool(re.search("[，、；]", folded)))
    on("sentences", len(re.findall(r"[。！？]", folded)) >= 2)
    on("md_h1", para.level == 1)
    on("md_h2", para.level == 2)
    on("md_h3", para.level >= 3)
    on("emphasis", para.emphasis)
    on("quote", para.quote)
    on("gap_before", para.gap >= 1)
    on("big_gap", para.gap >= 2)
    # (a short unit of two lines with no punctuation is a wrapped display line)
    on("multi_line", facts.wrapped and para.n_lines >= 2
       and (n > 24 or bool(re.search("[，。；、]", folded))))
    # one line stopping mid-sentence is a column break on a wrapped page; elsewhere a
    # short one may just be a headline with a comma in it
    on("cut", para.cut and (facts.wrapped or n > 40)
       and not lx.PHOTO_CREDIT.search(lx.fold(text)))
    on("body_hint", para.body_hint)
    if facts.indent and facts.wrapped:
        on("indented", para.indent)
        on("flush_on_indent", not para.indent)
    elif para.indent and not facts.wrapped:
        on("indented", 0.5)
    on("display", para.display)
    on("spaced", bool(_SPACED.match(text)) and n >= 3)
    on("top", index < facts.first_body)
    on("bottom", index > facts.last_body)
    if facts.body_size and para.size:
        ratio = para.size / facts.body_size
        on("size_big", ratio >= 1.2)
        on("size_huge", ratio >= 1.7)
        on("size_small", ratio <= 0.9)
    on("bold", para.bold)
    on("spans_columns", para.span >= 2)
    on("in_band", para.band is not None)
    on("near_image", para.near_image)
    # (the lines under a web page's `相关阅读` heading, marked so when the lines were read)
    on("related_list", para.furniture == "related list")
    lexical(folded, compact, f)
    # a Markdown export sets a story's summary box as a quotation: a sentence in `>`
    on("standfirst", para.quote and n >= 24 and bool(re.search("[，。；]", folded)))
    on("glued_tail", para.tail and "photo_credit" not in f)
    return f


def lexical(folded: str, compact: str, f: dict[str, float]) -> None:
    """The lexicon's evidence: furniture, formulas of leads, bylines, trailers, credits."""
    n = len(compact)

    def on(name: str, value: float = 1.0) -> None:
        if value:
            f[name] = value

    marker = lx.CONTINUATION.match(folded)
    on("continuation", bool(marker) and len(folded[marker.end():].strip()) == 0)
    if n <= 80 and "continuation" not in f:
        for pattern, _ in lx.FURNITURE:
            if pattern.search(folded):
                on("web_meta" if _ == "web meta line" else "furniture_pat")
                break
    latin = len(_LATIN_LETTER.findall(compact))  # (scans in C, not loops over characters)
    if latin >= 4 and latin > 1.5 * len(lx.HAN_CHAR.findall(compact)) and n <= 120 \
            and not re.search(r"[。，；]", folded):
        on("furniture_pat")  # a slogan or a poster's Latin lettering
    on("separator", bool(lx.SEPARATOR.match(compact)))
    on("masthead", n <= 12 and bool(lx.MASTHEAD.fullmatch(compact))
       and "names_only" not in f)
    if n <= 30:
        on("label_pat", bool(lx.LABEL.match(folded) or (
            lx.BARE_LABEL.match(folded) and not lx.SIDEBAR.match(compact))))
        on("person_kicker", bool(lx.PERSON_KICKER.match(folded)) and not lx.LEAD_IN.search(folded))
        on("group_kicker", bool(lx.GROUP_KICKER.match(folded)))
        on("dash_end", bool(lx.DASH_END.match(folded)) and "person_kicker" not in f
           and "group_kicker" not in f)
        on("lead_in", bool(lx.LEAD_IN.search(folded)))
        on("speech_kicker", bool(lx.SPEECH_KICKER.match(folded)))
        on("paren_label", bool(lx.PAREN_LABEL.match(folded)))
        on("subtitle_pat", bool(lx.SUBTITLE.match(folded)) and not lx.SIGN_OFF.match(folded))
    if n <= 60:
        on("quoted_sentence", bool(lx.QUOTED_SENTENCE.match(folded)))
    if n <= 45:
        on("head_label", bool(lx.HEAD_LABEL.search(folded)) and "paren_label" not in f
           and not lx.TRAILER_NAMES.match(folded))
    if n <= 200:
        on("photo_credit", bool(lx.PHOTO_CREDIT.search(folded)))
    on("caption_pos", bool(lx.CAPTION_POSITION.search(folded)) and n <= 200)
    if n <= 50:
        on("byline_pat", bool(lx.BYLINE.match(folded) or lx.BOXED_NAMES.match(folded)
                              or lx.BOXED_SPEAKER.match(folded) or lx.WRITER.match(folded))
           and "web_meta" not in f
           and "photo_credit" not in f)
        on("author_field", bool(lx.AUTHOR_FIELD.match(folded)) and not lx.EPAPER_META.search(
            folded[5:]))
        on("commentator", bool(lx.COMMENTATOR.match(compact)))
        if lx.NAMES_ONLY.match(folded) and n <= 16:
            # one two-character word could be anything; several names are a credit
            on("names_only", 0.4 if n <= 2 else 1.0)
            surnamed = _surnamed(folded)
            on("surnamed_names", surnamed == "names")
            on("surnamed_word", surnamed == "word")
        speaker = lx.SPEAKER.match(folded)
        on("speaker", bool(speaker) and bool(re.search(r"\s{2,}|　", folded))
           and "names_only" not in f and "photo_credit" not in f
           and bool(speaker["role"] or lx.JOB_TITLE.search(speaker["aff"])))
        on("sign_off", bool(lx.SIGN_OFF.match(folded)))
        on("signature", bool(lx.SIGNATURE.match(folded)))
        on("sidebar", bool(lx.SIDEBAR.match(compact)))
        on("credit_role", bool(lx.CREDIT_ROLE.match(folded)) and "byline_pat" not in f
           and not lx.QA_LINE.match(folded))
    if n <= 90:
        on("epaper_meta", len(lx.EPAPER_META.findall(folded)) >= 2)
    if n <= 90 or (n <= 240 and folded.startswith("（") and folded.endswith("）")):
        on("trailer_pat", bool(lx.TRAILER_NAMES.match(folded) or lx.TRAILER_WIRE.match(folded)
                               or lx.TRAILER_MISC.match(folded)))
        if lx.PAREN_NAMES.match(folded) and "trailer_pat" not in f:
            # one short word in brackets may be a column label as well as a name
            on("paren_names", 1.0 if re.search(r"[\s、，]", folded.strip("（）")) else 0.5)
    on("caption_mark", bool(lx.CAPTION_MARK.match(folded)))
    on("qa_line", bool(lx.QA_LINE.match(folded)))
    on("image", compact.startswith("!["))
    on("standfirst", bool(lx.STANDFIRST.match(compact)) and n >= 12)
    on("data_credit", bool(lx.DATA_CREDIT.match(folded)))
    lead = lead_of(folded)
    if lead is not None:
        on("lead_pat" if lead < len(folded.strip()) else "lead_alone")
    on("trailer_end", bool(lx.TRAILER_END.search(folded)) and "trailer_pat" not in f)
    on("role_words", bool(lx.ROLE_WORDS.search(folded)))


_SHORT_NAME = re.compile(lx.SHORT_NAME)


def _surnamed(folded: str) -> str:
    """"names" when every name of a names line starts with a surname and the line is
    letter-spaced or has several; "word" for one such name of three characters alone
    (`路通了` is a section head: one word alone may be anything); "" otherwise."""
    names = _SHORT_NAME.findall(folded)
    if not names or not all(name[0] in SURNAMES for name in names):
        return ""
    if len(names) == 1 and " " not in names[0]:
        return "word" if len(names[0]) == 3 else ""
    return "names"


def lead_of(folded: str) -> int | None:
    """Where the lead formula at the start of a paragraph ends (its reporter parenthesis
    included), or None when the paragraph opens with no lead."""
    for pattern in (lx.WIRE_LEAD, lx.FLASH_LEAD, *lx.NAMED_LEADS):
        m = pattern.match(folded)
        if not m:
            continue
        if pattern is lx.WIRE_LEAD and not (m.group("m") or m.group("src") in lx.HOME_OUTLETS
                                            or m.group("place") == ""):
            continue
        end = m.end()
        parens = lx.REPORTER_PARENS.match(folded, end)
        if parens and ("记者" in parens["who"] or "通讯员" in parens["who"]
                       or lx.NAMES_ONLY.match(parens["who"].strip())):
            end = parens.end()
        elif pattern in (lx.WIRE_LEAD, lx.FLASH_LEAD) and (says := lx.REPORTER_SAYS.match(folded, end)):
            end = says.end()
        return end
    return None


def lead_names(folded: str) -> bool:
    """The lead opens with its reporters' names (`本报记者 某某 近日，…`, `【某报记者 X】`),
    not only with an outlet and a date: it carries its story's byline."""
    return any(p.match(folded) for p in lx.NAMED_LEADS)


def scores(feats: Mapping[str, float]) -> dict[str, float]:
    out = dict(BIAS)
    for name, value in feats.items():
        for role, weight in WEIGHTS.get(name, {}).items():
            out[role] += weight * value
    # a lead is a body paragraph that opens with a lead formula: all the body's evidence
    # counts for it too, and the formula on top
    out["lead"] += out["body"] - BIAS["body"]
    return out


def width_of(para: Para) -> float:
    return visual_width(para.text)
