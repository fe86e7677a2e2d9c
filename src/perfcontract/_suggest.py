"""A "did you mean …?" for an unknown name, at a cost that stays linear in the file.

Finding the known name closest to an unknown one compares it with every
known name. Done for each of n unknown names against n known ones, that is
n² comparisons: a file of 4,000 mistyped ids against a contract of 4,000
measures took a minute. A :class:`Suggester` does it for the first
:data:`SEARCHES` different unknown names of a check (the first shown: a
check reports its problems in file order and shows the first 50), and keeps
each answer, so a name mistyped on many lines costs one search. Past them an
unknown name gets no suggestion, and the diagnostic's hint says where to look
instead. The work is then at most :data:`SEARCHES` passes over the known names.

A check of words against many lists of names (each grade measure's labels)
reads them with :class:`Grades`: each list's suggester draws on the check's
one count of searches, and a word is looked up in a table made once a list.

```pycon
>>> suggest = Suggester(["A1", "B8", "E1"])
>>> suggest("A10"), suggest("Z9")
('A1', None)
>>> suggest = Suggester(["A1", "B8"], searches=1)
>>> suggest("A10"), suggest("A10"), suggest("B80")
('A1', 'A1', None)

```
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

__all__ = ["SEARCHES", "Grades", "Suggester"]

#: Different unknown names a check looks for a close match to: as many as the
#: problems the command line shows by default (``--max-errors``).
SEARCHES = 50


def _same(text: str) -> str:
    return text


class _Left:
    """The searches a check has left, shared by its suggesters."""

    def __init__(self, searches: int) -> None:
        self.searches = searches


class Suggester:
    """The known name closest to an unknown one, as :func:`difflib.get_close_matches` finds it.

    ``fold`` is applied to both sides before comparing (``str.upper`` to
    ignore case); the known name is returned as written, the last of those
    that fold alike. ``besides`` leaves one known name out of a search.
    :meth:`sharing` makes a suggester of other names that draws on the same
    searches.

    ```pycon
    >>> suggest = Suggester(["Alpha", "Beta"], cutoff=0.5, fold=str.upper)
    >>> suggest("alpah"), suggest("Alpha", besides="Alpha")
    ('Alpha', None)

    ```
    """

    def __init__(
        self,
        known: Iterable[str],
        *,
        cutoff: float = 0.6,
        fold: Callable[[str], str] = _same,
        searches: int = SEARCHES,
    ) -> None:
        self._known = list(known)
        self._by_fold = {fold(name): name for name in self._known}
        self._folded = list(self._by_fold)
        self._cutoff = cutoff
        self._fold = fold
        self._left = _Left(searches)
        self._found: dict[tuple[str, str | None], str | None] = {}
        self._by_case: dict[str, str] | None = None

    def sharing(self, known: Iterable[str]) -> Suggester:
        """A suggester of other known names, alike in its cutoff and fold, that draws on
        this one's searches: a check of names against many lists stays bounded.

        ```pycon
        >>> first = Suggester(["A1"], searches=1)
        >>> second = first.sharing(["B8"])
        >>> second("B80"), first("A10")
        ('B8', None)

        ```
        """
        other = Suggester(known, cutoff=self._cutoff, fold=self._fold)
        other._left = self._left
        return other

    def ignoring_case(self, word: str) -> str | None:
        """The known name that is ``word`` in other letters' case (the last, if several).

        ```pycon
        >>> Suggester(["A1", "b8"]).ignoring_case("B8")
        'b8'

        ```
        """
        if self._by_case is None:
            self._by_case = {name.lower(): name for name in self._known}
        return self._by_case.get(word.lower())

    def __call__(self, word: str, besides: str | None = None) -> str | None:
        """The closest known name to ``word`` (other than ``besides``), or ``None``."""
        key = (word, besides)
        if key in self._found:
            return self._found[key]
        if self._left.searches <= 0:
            return None
        self._left.searches -= 1
        # Two, in case the closest is the one left out: the next is then the closest of the rest.
        close = difflib.get_close_matches(
            self._fold(word), self._folded, n=1 if besides is None else 2, cutoff=self._cutoff
        )
        names = [self._by_fold[c] for c in close if self._by_fold[c] != besides]
        found = names[0] if names else None
        self._found[key] = found
        return found


class Grades:
    """A check's reading of grade labels: each word's place among its measure's labels, and
    the closest label to a word that is none, at a cost linear in the labels and words read.

    Each tuple of labels is made into a table once, so a word is looked up at
    once rather than compared with every label; "did you mean" is searched for
    the first ``searches`` different unknown words of the check, across all its
    measures (see :class:`Suggester`). ``listing`` is the hint for a word past
    them, written once for each tuple of labels. A tuple is known by its
    identity (a measure's unit holds one for the check's length), and kept, so
    that no other can take its place.

    ```pycon
    >>> grades = Grades(searches=1)
    >>> labels = ("Inadequate", "Good", "Outstanding")
    >>> grades.number(labels, " good "), grades.number(labels, "Fair")
    (2, None)
    >>> grades.closest(labels, "Goood"), grades.closest(labels, "Outstandin")
    ('Good', None)
    >>> grades.listing(labels, ", ".join)
    'Inadequate, Good, Outstanding'

    ```
    """

    def __init__(self, searches: int = SEARCHES) -> None:
        self._first = Suggester((), searches=searches)
        self._of: dict[int, _Labels] = {}

    def _labels(self, labels: tuple[str, ...]) -> _Labels:
        known = self._of.get(id(labels))
        if known is None:
            known = self._of[id(labels)] = _Labels(labels)
        return known

    def number(self, labels: tuple[str, ...], word: str) -> int | None:
        """The place of ``word`` among ``labels``, the first 1, ignoring case and surrounding
        spaces (as :meth:`perfcontract.model.Unit.value_of` reads it); else ``None``."""
        known = self._labels(labels)
        if known.numbers is None:
            known.numbers = {}
            for number, label in enumerate(labels, start=1):
                known.numbers.setdefault(label.strip().casefold(), number)
        return known.numbers.get(word.strip().casefold())

    def closest(self, labels: tuple[str, ...], word: str) -> str | None:
        """The label closest to ``word``, while the check has searches left; else ``None``."""
        known = self._labels(labels)
        if known.suggest is None:
            known.suggest = self._first.sharing(labels)
        return known.suggest(word)

    def listing(self, labels: tuple[str, ...], write: Callable[[tuple[str, ...]], str]) -> str:
        """``write(labels)``, written once for each tuple of labels."""
        known = self._labels(labels)
        if known.listing is None:
            known.listing = write(labels)
        return known.listing


class _Labels:
    """What a check has made of one tuple of labels, each part when first needed."""

    def __init__(self, labels: tuple[str, ...]) -> None:
        self.labels = labels  # kept, so that its id is not another's
        self.numbers: dict[str, int] | None = None
        self.suggest: Suggester | None = None
        self.listing: str | None = None
