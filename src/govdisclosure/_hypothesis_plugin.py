"""The ``hypothesis`` entry point: ``st.from_type(AnnualReport)`` and friends.

Hypothesis calls the hook while it is itself being imported, possibly because
:mod:`govdisclosure.strategies` is being imported and has just asked for hypothesis. So this
module imports nothing from hypothesis or the strategies at import time, and registers
deferred strategies that look the real ones up when first drawn.
"""

from __future__ import annotations

from typing import Any


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from .model import AnnualReport, Metadata, Paragraph, Section, Table2, Table3, Table4

    def later(name: str) -> Any:
        def build() -> Any:
            from . import strategies

            return getattr(strategies, name)()

        return st.deferred(build)

    for kind, name in (
        (AnnualReport, "reports"),
        (Metadata, "metadata"),
        (Section, "sections"),
        (Paragraph, "_paragraphs"),
        (Table2, "table2s"),
        (Table3, "table3s"),
        (Table4, "table4s"),
    ):
        st.register_type_strategy(kind, later(name))
