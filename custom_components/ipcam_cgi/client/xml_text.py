"""Text inside device XML: the five predefined entities and character references, nothing more.

Device XML is read without a DTD, so no entity can be declared or expanded (the security
promise of INTERFACE.md); answers that carry a DOCTYPE or CDATA are refused by the parsers.
"""

from __future__ import annotations

import re
from typing import Final

_ENTITY_RE: Final = re.compile(
    r"&(?:#x(?P<hex>[0-9a-fA-F]{1,6})|#(?P<dec>[0-9]{1,7})|(?P<name>lt|gt|quot|apos|amp));"
)
_PREDEFINED: Final = {"lt": "<", "gt": ">", "quot": '"', "apos": "'", "amp": "&"}
# `<!` not opening a comment: a DOCTYPE, CDATA or other markup declaration.
DECLARATION_RE: Final = re.compile(r"<!(?!--)")


def unescape(text: str) -> str:
    """The five predefined entities and character references, in one pass; nothing else."""
    if "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if name := match.group("name"):
            return _PREDEFINED[name]
        code = int(match.group("hex"), 16) if match.group("hex") else int(match.group("dec"))
        return chr(code) if 0 < code <= 0x10FFFF else ""

    return _ENTITY_RE.sub(replace, text)
