"""What the documentation site does to the API reference after mkdocstrings writes it.

The docstrings name other objects as Sphinx does, ``:class:`Status```; in the
site the role is dropped and the name stays as code.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|meth|func|mod|attr|data|exc|obj):(?=<code>)")


def on_page_content(html: str, **_: Any) -> str:
    """The page's HTML without the Sphinx roles before names in code.

    >>> on_page_content("raises :class:<code>ContractError</code>")
    'raises <code>ContractError</code>'
    """
    return _ROLE.sub("", html)
