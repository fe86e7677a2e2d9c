"""The package is imported by its name before pytest collects any file of it.

pytest collects a module's doctests (``--doctest-modules``) by importing its
file (``--import-mode=importlib``): it imports the module's package first,
whose ``__init__`` imports ``perfcontract.periods`` and the rest, and then runs
the file again as a second module of the same name, unless one is already in
``sys.modules``. In a run that starts with such a file
(``pytest src/perfcontract/periods.py docs/reference/periods.md``) nothing had
imported perfcontract yet, so there were two ``periods`` modules and two
``Period`` classes, and a period made by one was refused by the other ("a
period is written as text, not Period"). Imported here, every module of the
package is in ``sys.modules`` before collection, and pytest takes it from
there, whatever files a run names and in whatever order.
"""

import perfcontract  # noqa: F401
