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

__all__ = ["SEARCHES", "Suggester"]

#: Different unknown names a check looks for a close match to: as many as the
#: problems the command line shows by default (``--max-errors``).
SEARCHES = 50


def _same(text: str) -> str:
    return text


class Suggester:
    """The known name closest to an unknown one, as :func:`difflib.get_close_matches` finds it.

    ``fold`` is applied to both sides before comparing (``str.upper`` to
    ignore case); the known name is returned as written, the last of those
    that fold alike. ``besides`` leaves one known name out of a search.

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
        self._left = searches
        self._found: dict[tuple[str, str | None], str | None] = {}
        self._by_case: dict[str, str] | None = None

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
        if self._left <= 0:
            return None
        self._left -= 1
        # Two, in case the closest is the one left out: the next is then the closest of the rest.
        close = difflib.get_close_matches(
            self._fold(word), self._folded, n=1 if besides is None else 2, cutoff=self._cutoff
        )
        names = [self._by_fold[c] for c in close if self._by_fold[c] != besides]
        found = names[0] if names else None
        self._found[key] = found
        return found
