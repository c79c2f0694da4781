"""Reading a text: every known name in it, and the one non-overlapping reading that covers the most.

A short stem counts only at a word boundary (郸成县 is not 成县, 乐安村 is not 乐安县, 中山路 is not
中山市); a two-character city stem must then be followed by a boundary or by another name (苏州打工
names no city). What the names mean together is `places.interpret`'s job.
"""

from __future__ import annotations

from functools import lru_cache

from places.index import NameIndex
from places.model import Entry, Mention, Town, leaf_of
from places.names import OPENERS, ZONE_WORDS, is_cjk, right_ok, stem_blocked

_Best = tuple[float, tuple[Mention, ...]]  # a reading's score and its mentions
_Choice = tuple[Mention | None, float, int]  # a mention, its weight, the state after it


class Reader:
    """Text -> mentions with the names of `names` (`read`)."""

    def __init__(self, names: NameIndex):
        self._names = names

    def read(self, plain: str) -> list[Mention]:
        """The non-overlapping reading that covers the most text with names whose boundary
        conditions hold (dynamic programming over positions; the state says whether a word
        boundary is here). A two-character city stem must then be followed by a boundary or by
        another name (苏州打工 names no city)."""
        n = len(plain)
        spans = self._spans(plain)
        choices = {
            i: [self._choice(plain, spans, i, end) for end in found] for i, found in spans.items()
        }
        best: list[list[_Best | None]] = [[None, None] for _ in range(n + 1)]
        best[0][_OPEN] = (0.0, ())
        for i in range(n):
            char = plain[i]
            skip = _OPEN if (not is_cjk(char) or char in OPENERS) else _CLOSED
            for state in (_OPEN, _CLOSED):
                current = best[i][state]
                if current is None:
                    continue
                score, path = current
                _better(best, i + 1, skip, score, path)
                for choice in choices.get(i, ()):
                    mention, weight, after = choice[state]
                    if mention is not None:
                        _better(best, mention.end, after, score + weight, (*path, mention))
        finals = [c for c in best[n] if c is not None]
        reading = list(max(finals, key=lambda c: c[0])[1]) if finals else []
        return _check_right(reading, plain)

    def _choice(
        self, plain: str, spans: dict[int, list[int]], start: int, end: int
    ) -> tuple[_Choice, ...]:
        """For a name found at start:end, the mention it makes after a boundary and inside a
        word (a stem needs a boundary before it), with its weight and the state after it."""
        blocked = zone_word = False
        name = plain[start:end]
        facts = self._names.facts(name)
        if facts.has_stem:
            rest = plain[end:]
            following = [plain[end:e] for e in spans.get(end, ())]
            blocked = (
                stem_blocked(rest)
                and not any(self._names.facts(f).full for f in following)  # 永州道县
                and not any(
                    facts.cities & self._names.facts(f).leaf_cities  # 哈尔滨道里
                    for f in following
                )
            )
            zone_word = rest.startswith(ZONE_WORDS)
        return tuple(
            (None if kept is None else Mention(start, end, kept), weight, after)
            for kept, weight, after in self._usable(name, blocked, zone_word)
        )

    @lru_cache(maxsize=65536)  # noqa: B019 -- the reader lives as long as its gazetteer
    def _usable(
        self, name: str, blocked: bool, zone_word: bool
    ) -> tuple[tuple[tuple[Entry, ...] | None, float, int], ...]:
        usable = [
            e
            for e in self._names.entries(name)
            if not (blocked and e.is_stem) and not (zone_word and e.is_stem and leaf_of(e.target))
        ]
        made: list[tuple[tuple[Entry, ...] | None, float, int]] = []
        for state in (_OPEN, _CLOSED):
            kept = tuple(e for e in usable if state == _OPEN or not e.needs_left)
            if not kept:
                made.append((None, 0.0, state))
                continue
            after = _OPEN if any(not e.needs_context for e in kept) else _CLOSED  # not 珠江新城
            made.append((kept, max(e.weight for e in kept), after))
        return tuple(made)

    def _spans(self, plain: str) -> dict[int, list[int]]:
        """Where known names start -> where each ends."""
        spans: dict[int, list[int]] = {}
        for i in range(len(plain) - 1):
            longest = self._names.longest(plain[i : i + 2])
            if not longest:
                continue
            found = []
            for length in range(2, min(longest, len(plain) - i) + 1):
                if plain[i : i + length] in self._names:
                    found.append(i + length)
            if found:
                spans[i] = found
        return spans


_OPEN, _CLOSED = 0, 1


def _check_right(reading: list[Mention], plain: str) -> list[Mention]:
    """Where neither a boundary nor another name follows: town stems that need one are dropped,
    and a mention that is only a city stem is marked weak (苏州打工, 西安交通大学)."""
    checked = []
    for number, mention in enumerate(reading):
        following = reading[number + 1] if number + 1 < len(reading) else None
        followed = (
            following is not None
            and following.start == mention.end
            and any(not isinstance(e.target, str) for e in following.entries)
        )
        if followed or right_ok(plain[mention.end :]):
            checked.append(mention)
            continue
        kept = tuple(
            e for e in mention.entries if not (e.needs_right and isinstance(e.target, Town))
        )
        weak = any(e.needs_right for e in kept) and all(
            e.needs_right or isinstance(e.target, Town | str) for e in kept
        )
        if kept:
            checked.append(Mention(mention.start, mention.end, kept, weak=weak))
    return checked


def _better(
    best: list[list[_Best | None]],
    position: int,
    state: int,
    score: float,
    path: tuple[Mention, ...],
) -> None:
    current = best[position][state]
    if (
        current is None
        or score > current[0]
        or (score == current[0] and len(path) < len(current[1]))
    ):
        best[position][state] = (score, path)
