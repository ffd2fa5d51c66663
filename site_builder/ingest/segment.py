"""The best-scoring reading of a page: a role for every paragraph, and where stories start.

A page is read as a sequence of stories, each following the grammar of a printed story:

    leading:   kicker* headline+ subtitle? byline*  (lead | body) (body | crosshead | caption)*  credit*
    trailing:  byline* (lead | body) ...  credit*  kicker? headline+ subtitle? byline?

(a trailing story may also begin with a plain body paragraph right after a titled one's
body, where the vocabulary changes)

with furniture, captions and continuation markers allowed anywhere between. The
paragraphs' role scores (evidence.py) are the emission scores; TRANSITION holds what
the grammar charges for each step (starting a story, a story left without a headline, a
headline of two lines ...). Viterbi finds the reading with the highest total, so a
headline followed by a lead starts a story, while a short line between two paragraphs
of an untitled story's body is a section head, and a headline printed after a body
closes it - whichever explains the whole page best, not the first rule that matches.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Mapping, NamedTuple, Sequence

NEG = float("-inf")

# What the grammar charges for a step (added to the emission scores; higher is cheaper).
TRANSITION: Mapping[str, float] = {
    "start_story": -2.5,       # every new story
    "untitled": -4.0,          # a story that ends with no headline
    "kicker_for_headline": -2.0,  # a story under a column label, with no headline of its own
    "untitled_continued": -1.5,  # a story continued from another page (its headline may be there)
    "headline_again": -2.5,    # a second headline line (a headline broken over two lines)
    "kicker_again": -2.0,
    "byline_again": -0.5,
    "crosshead_again": -1.0,   # a section head of two lines
    "crosshead_after_head": -1.0,
    "body_after_credit": -3.0,  # a credit inside a story (a reporter's box within it)
    "body_after_signed": -0.5,  # the story an editor's note under its head introduces
    "trailing_headline": -0.5,  # a headline printed after its body
    "credit_after_trailing": -1.0,
    "byline_after_trailing": -0.5,
    "body_after_trailing_headline": -2.0,
    # a names line after a story that has its byline is the next story's byline
    "second_byline": -6.0,
    # a body paragraph where the vocabulary changes begins a story (see step's `shift`)
    "body_starts_story": -2.0,
    "body_starts_story_apart": 0.5,  # ... with more space above than between paragraphs
    # A page keeps to one layout. Read as a page of headlines printed after their bodies,
    # a display line before a body is a kicker, never a headline; read as a page of
    # headlines before their bodies, one printed after its body is unusual. Both
    # readings are made; the better one is kept.
    "trailing_on_leading_page": -1.0,
    # each headline that shares its own words with the text above it (and none that does
    # with the text below) makes the page likelier one of headlines after their bodies
    "head_points_up": 1.0,
    # an editor's note is signed at its own foot, above the story it introduces or as a
    # story of its own: not at the foot of a story whose vocabulary changed on the way
    "signed_after_break": -3.0,
    # a statement signed by its speaker (`——某某委员（…）`) is an item of a column of
    # such statements, not a paragraph of a reporter's story that has its byline
    "signature_in_report": -3.0,
}
LAYOUTS = ("leading", "trailing")
# how far behind the best a role or a partial reading may fall and still be followed
# (a little more than the dearest single step: a new story's second byline closing an
# untitled one, 12.5; the same readings as a margin of 25 on every page of the samples,
# devset, corpus and synthetic pages, in ~20% less time), and the margin that follows
# everything
PRUNE = 14.0
NO_PRUNING = float("inf")

# Phases of the story being read.
OUT, PRE, BODY, XH, END, TRAIL = "out", "pre", "body", "xh", "end", "trail"


class State(NamedTuple):
    """(A tuple: Viterbi hashes and compares states millions of times on a long page.)"""

    phase: str = OUT
    sub: str = ""            # in PRE/TRAIL: the last display line read (K, H, S, B, C)
    titled: bool = False
    continued: bool = False  # the story goes on from another page (上接)
    aside: bool = False      # furniture was printed after the story's last line
    bylined: bool = False    # the story has its byline (at its top, or a names line after it)
    broken: bool = False     # the story's body went on where its vocabulary changed, set apart


@dataclass(frozen=True)
class Reading:
    """The chosen role of each paragraph and the index of each story's first paragraph."""

    roles: tuple[str, ...]
    starts: tuple[int, ...]
    score: float
    layout: str = "leading"


def _close(state: State) -> float:
    if state.phase == OUT or state.titled or (state.phase == END and state.sub == "signed"):
        return 0.0  # (an editor's note, signed `——编者`, has no headline of its own)
    return TRANSITION["untitled_continued" if state.continued else "untitled"]


def _new(state: State, first: State) -> tuple[State, float, bool] | None:
    """Start a new story in state `first`, closing the open one."""
    if state.phase in (PRE, XH):
        return None  # the open story has no body yet, or ends on a section head
    return first, TRANSITION["start_story"] + _close(state), True


def step(state: State, role: str, direction: str = "", layout: str = "leading",
         shift: int = 0) -> list[tuple[State, float, bool]]:
    """The states a paragraph of `role` can lead to from `state`: (state, cost, starts a
    story). `direction` is "up" or "down" for continuation markers, "close" for a
    wire trailer, "signed" for an editor's sign-off, "complete" for a headline that ends
    in its column label, "names" for a line of a reporter formula and names (a byline, a
    credit after the body, or a lead that opens with them), "nameless" for a byline's place
    that names nobody (an e-paper meta line without its author field) and "signature" for
    a line that signs a statement with its speaker's name; `layout` is the page's layout the reading assumes;
    `shift`, 1 when the vocabulary changes at this paragraph, 2 when it does where more
    space is set above it than between paragraphs."""
    out = []
    names_line = (role == "byline" and direction != "nameless") or (
        role in ("credit", "lead") and direction == "names")
    for new, cost, starts in _step(state, role, direction, shift):
        if role == "headline" and direction == "complete" and new.sub == "H":
            new = new._replace(sub="H2")  # a headline ending in its column label has no more lines
        if starts:
            new = new._replace(bylined=names_line, broken=False)
        elif names_line and state.bylined and role in ("credit", "lead"):
            cost += TRANSITION["second_byline"]
        elif names_line or state.bylined:
            new = new._replace(bylined=True)
        if not starts and new.phase != OUT:
            new = new._replace(broken=state.broken or (role == "body" and shift == 2 and state.phase == BODY))
            if role == "credit" and direction == "signed" and state.broken:
                cost += TRANSITION["signed_after_break"]
            if role == "body" and direction == "signature" and state.bylined:
                cost += TRANSITION["signature_in_report"]
        if layout == "trailing" and new.phase == PRE and new.sub in ("H", "H2", "HQ"):
            continue  # read as a page of headlines after their bodies: none goes before one
        elif layout == "leading" and new.phase == TRAIL and state.phase != TRAIL:
            cost += TRANSITION["trailing_on_leading_page"]
        out.append((new, cost, starts))
    return out


@functools.lru_cache(maxsize=1 << 14)
def _moves(state: State, role: str, direction: str, layout: str,
           shift: int) -> tuple[tuple[State, float, bool], ...]:
    """step(), worked out once per process: a pure function of a few hundred states and
    a dozen roles, which a page's Viterbi would otherwise ask again for every page."""
    return tuple(step(state, role, direction, layout, shift))


def _step(state: State, role: str, direction: str,
          shift: int = 0) -> list[tuple[State, float, bool]]:
    t = TRANSITION
    p, sub = state.phase, state.sub
    out: list[tuple[State, float, bool] | None] = []
    if role == "caption":
        return [(state, 0.0, False)]
    if role == "furniture":
        # (a headline printed after its body follows the body, not the page's furniture)
        return [(state._replace(aside=True) if p in (BODY, END) else state, 0.0, False)]
    if role == "marker":
        if direction == "up" and p == PRE:  # a jump headline above the marker
            out.append((State(PRE, state.sub, state.titled, True), 0.0, False))
        elif direction == "up":
            out.append(_new(state, State(PRE, "C", False, True)))
        elif direction == "down" and p in (BODY, END):
            return [(State(OUT), _close(state), False)]
        else:
            return [(state, 0.0, False)]
    elif role == "headline":
        if p == OUT:
            out.append((State(PRE, "H", True), t["start_story"], True))
        elif p == PRE and sub in ("K", "K2"):
            out.append((State(PRE, "H", True, state.continued), 0.0, False))
        elif p == PRE and sub == "Q":  # an installment's headline under its series line
            out.append((State(PRE, "HQ", True, state.continued), 0.0, False))
        elif p in (PRE, TRAIL) and sub == "H":  # a headline broken over two lines; no more
            out.append((State(p, "H2", True, state.continued), t["headline_again"], False))
        elif p == TRAIL and sub == "K":
            out.append((State(TRAIL, "H", True, state.continued), 0.0, False))
        if p in (BODY, END, TRAIL):
            out.append(_new(state, State(PRE, "H", True)))
        if p in (BODY, END) and not state.titled and not state.aside:
            out.append((State(TRAIL, "H", True, state.continued), t["trailing_headline"], False))
    elif role == "kicker":
        if p == OUT:
            out.append((State(PRE, "K"), t["start_story"], True))
        elif p == PRE and sub == "K":
            out.append((State(PRE, "K2"), t["kicker_again"], False))
        if p in (BODY, END, TRAIL):
            out.append(_new(state, State(PRE, "K")))
        if p in (BODY, END) and not state.titled and not state.aside:
            out.append((State(TRAIL, "K", False, state.continued), t["trailing_headline"], False))
    elif role == "subtitle":
        if p in (PRE, TRAIL) and sub in ("H", "H2", "HQ"):
            out.append((State(p, "S", True, state.continued), 0.0, False))
        elif p == PRE and sub in ("K", "K2"):  # a series line between kicker and headline
            out.append((State(PRE, "Q", False, state.continued), 0.0, False))
    elif role == "byline":
        if p == PRE and sub in ("K", "K2"):  # a story under a kicker and no headline
            out.append((State(PRE, "B", True, state.continued), t["kicker_for_headline"], False))
        elif p == PRE and sub in ("H", "H2", "HQ", "S", "C"):
            out.append((State(PRE, "B", state.titled, state.continued), 0.0, False))
        elif p == PRE and sub == "B":
            out.append((state, t["byline_again"], False))
        elif p == TRAIL and sub in ("H", "S"):  # a head printed whole after its body
            out.append((State(TRAIL, "B", True, state.continued), t["byline_after_trailing"], False))
        if p == OUT:
            out.append((State(PRE, "B"), t["start_story"], True))
        elif p in (BODY, END, TRAIL):
            out.append(_new(state, State(PRE, "B")))
    elif role == "lead":
        if p == PRE and sub == "Q":
            pass
        elif p == PRE and sub in ("K", "K2"):
            out.append((State(BODY, "", True, state.continued), t["kicker_for_headline"], False))
        elif p == PRE:
            out.append((State(BODY, "", state.titled, state.continued), 0.0, False))
        elif p == OUT:
            out.append((State(BODY), t["start_story"], True))
        elif p in (BODY, END, TRAIL):
            out.append(_new(state, State(BODY)))
    elif role == "body":
        if p == PRE and sub == "Q":
            pass  # a series line is followed by the installment's headline
        elif p == PRE and sub in ("K", "K2"):  # a story under a kicker and no headline
            out.append((State(BODY, "", True, state.continued), t["kicker_for_headline"], False))
        elif p in (PRE, BODY, XH):
            out.append((State(BODY, "", state.titled, state.continued), 0.0, False))
            if shift and p == BODY and state.titled:
                # where the vocabulary changes, a story with no headline or byline at its
                # top may begin (its headline is printed after it)
                new = _new(state, State(BODY))
                if new:
                    out.append((new[0], new[1] + t["body_starts_story" if shift == 1
                                                    else "body_starts_story_apart"], True))
        elif p == OUT:
            out.append((State(BODY), t["start_story"], True))
        elif p == END:
            if state.sub != "closed":
                # (an editor's note signed at its foot, under a headline or a byline,
                # introduces the story under it)
                under_head = state.sub == "signed" and (state.titled or state.bylined)
                out.append((State(BODY, "", state.titled, state.continued),
                            t["body_after_signed" if under_head else "body_after_credit"], False))
            out.append(_new(state, State(BODY)))
        elif p == TRAIL:  # a story with neither headline nor byline right after another's
            new = _new(state, State(BODY))
            if new:
                out.append((new[0], new[1] + t["body_after_trailing_headline"], True))
    elif role == "crosshead":
        if p == END and state.sub != "closed" and direction == "sidebar":  # a box of the story
            out.append((State(XH, "", state.titled, state.continued), t["body_after_credit"], False))
        if p == BODY:
            out.append((State(XH, "", state.titled, state.continued), 0.0, False))
        elif p == XH and sub == "":  # a section head of two lines; no more
            out.append((State(XH, "2", state.titled, state.continued), t["crosshead_again"], False))
        elif p == PRE and sub in ("H", "H2", "HQ", "S", "B", "C"):
            out.append((State(XH, "", state.titled, state.continued), t["crosshead_after_head"], False))
    elif role == "credit":
        # a wire trailer (（新华社…电）) closes its story for good
        sub = "closed" if direction == "close" or state.sub == "closed" else (
            "signed" if direction == "signed" else "")
        if p in (BODY, END):
            out.append((State(END, sub, state.titled, state.continued), 0.0, False))
        elif p == TRAIL:
            out.append((State(END, "", state.titled, state.continued), t["credit_after_trailing"], False))
    return [o for o in out if o is not None]


def _final(state: State) -> float:
    if state.phase in (PRE, XH):
        return NEG
    return _close(state)


def best_reading(emissions: Sequence[Mapping[str, float]],
                 directions: Sequence[str] = (), shifts: Sequence[int] = (),
                 heads_up: int = 0) -> Reading:
    """The better of the page's two readings, as a page of headlines before their bodies
    and as a page of headlines after them. `shifts[i]`: 1 when the body text from
    paragraph i on shares little vocabulary with the body text before it, 2 when it does
    so below more space than the page sets between paragraphs (0 otherwise); `heads_up`:
    how many headlines share their words with the text above them, none with the text below
    (page.heads_point_up)."""
    readings = [_viterbi(emissions, directions, layout, shifts=shifts) for layout in LAYOUTS]
    bias = {"leading": 0.0, "trailing": TRANSITION["head_points_up"] * heads_up}
    return max(readings, key=lambda r: r.score + bias[r.layout])


def _viterbi(emissions: Sequence[Mapping[str, float]], directions: Sequence[str],
             layout: str, margin: float = PRUNE, shifts: Sequence[int] = ()) -> Reading:
    """Viterbi over the paragraphs: `emissions[i][role]` is paragraph i's score for a role.
    Roles and readings more than `margin` behind the best are left out; when that leaves
    no reading that can end (the page's last lines left a story without a body), the page
    is read again in full."""
    beam: dict[State, float] = {State(): 0.0}
    back: list[dict[State, tuple[State, str, bool]]] = []
    # (state, direction, shift) -> role -> step()'s moves (some roles lead nowhere from a
    # state: skipped at once)
    moves: dict[tuple[State, str, int], dict[str, tuple[tuple[State, float, bool], ...]]] = {}
    for i, scores in enumerate(emissions):
        direction = directions[i] if i < len(directions) else ""
        shift = shifts[i] if i < len(shifts) else 0
        # a role far below the paragraph's best is never worth what the grammar could
        # save by it (no step costs that much): leaving it out keeps the beam small
        floor = max(scores.values()) - margin
        live = [(role, emission) for role, emission in scores.items() if emission >= floor]
        nxt: dict[State, float] = {}
        ptr: dict[State, tuple[State, str, bool]] = {}
        for state, total in beam.items():
            table = moves.get((state, direction, shift))
            if table is None:
                table = moves[state, direction, shift] = {}
            for role, emission in live:
                options = table.get(role)
                if options is None:  # (few states and roles: looked up once for each)
                    options = table[role] = _moves(state, role, direction, layout, shift)
                if not options:
                    continue
                base = total + emission
                for new, cost, starts in options:
                    value = base + cost
                    old = nxt.get(new)
                    # (equal readings: the smaller state and role, whatever order they came in)
                    if old is None or value > old or (
                            value == old and (state, role) < ptr[new][:2]):
                        nxt[new] = value
                        ptr[new] = (state, role, starts)
        if not nxt:  # nothing fits (should not happen: furniture always does)
            nxt = dict(beam)
            ptr = {state: (state, "furniture", False) for state in beam}
        # (a reading this far behind the best one does not catch up: no step saves as much)
        top = max(nxt.values())
        beam = {state: value for state, value in nxt.items() if value >= top - margin}
        back.append(ptr)
    finals = {s: v + _final(s) for s, v in beam.items()}
    state = max(finals, key=lambda s: (finals[s], _order(s)))
    score = finals[state]
    if score == NEG and margin != NO_PRUNING:
        return _viterbi(emissions, directions, layout, NO_PRUNING, shifts)
    roles: list[str] = []
    starts: list[int] = []
    for i in range(len(emissions) - 1, -1, -1):
        prev, role, started = back[i][state]
        roles.append(role)
        if started:
            starts.append(i)
        state = prev
    roles.reverse()
    starts.reverse()
    return Reading(tuple(roles), tuple(starts), score, layout)


def _order(state: State) -> tuple:
    """A fixed order among equal scores, so the same page always reads the same."""
    return tuple(state)
