"""Text fields of a CSV made safe for spreadsheets, and read back unchanged.

Excel, WPS and LibreOffice run a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (CSV injection). Following OWASP, such a field is written with a
leading apostrophe (``'=1+1``), which spreadsheets show as text; a field that itself begins with
an apostrophe gets one more, so :func:`restore` is the exact inverse of :func:`neutralise`.
Numbers are never passed through here: a negative count stays ``-1``.
"""

from __future__ import annotations

__all__ = ["neutralise", "restore"]


def __dir__() -> list[str]:
    return __all__


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """``text`` as a CSV field that no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(_TRIGGERS) else text


def restore(field: str) -> str:
    """The text that :func:`neutralise` turned into ``field``."""
    if field.startswith("'") and field[1:].startswith(_TRIGGERS):
        return field[1:]
    return field
