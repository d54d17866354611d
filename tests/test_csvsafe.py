"""CSV injection neutralising (OWASP) and its exact inverse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdisclosure.csvsafe import neutralise, restore


@pytest.mark.parametrize("payload", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "'=1"])
def test_formula_payloads_start_with_an_apostrophe(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize("text", ["永春县石鼓镇人民政府", "2021年", "", "a=b"])
def test_plain_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text


@given(st.text())
def test_restore_inverts_neutralise(text: str) -> None:
    assert restore(neutralise(text)) == text
