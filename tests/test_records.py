"""Slotted records behave like the dataclasses they replace: fields, equality, repr, no hash."""

from __future__ import annotations

import pytest

from zhengbing import kinds
from zhengbing.draft import Meta, Paragraph, Run


def test_records_compare_by_field_and_class() -> None:
    assert Run("一是", bold=True) == Run("一是", True, False)
    assert Run("一是") != Run("一是", bold=True)
    assert Paragraph([Run("甲")], 3) == Paragraph([Run("甲")], 3, quote=False)
    assert Run("甲") != ("甲", False, False)


def test_records_show_their_fields() -> None:
    assert repr(Run("甲", bold=True)) == "Run(text='甲', bold=True, italic=False)"


def test_mutable_records_are_unhashable_and_take_no_new_attributes() -> None:
    run = Run("甲")
    run.text = "乙"
    assert run.text == "乙"
    with pytest.raises(TypeError):
        hash(run)
    with pytest.raises(AttributeError):
        run.colour = "red"  # type: ignore[attr-defined]
    assert Meta().extra == {} and Meta().extra is not Meta().extra


def test_kinds_are_frozen_and_hashable() -> None:
    speech = kinds.get("讲话")
    assert speech == kinds.lookup("讲话稿") and hash(speech) == hash(kinds.get("讲话"))
    with pytest.raises(AttributeError):
        speech.name = "别的"  # type: ignore[misc]
    assert kinds.layout_of("讲话") == kinds.get("讲话").layout
    assert repr(kinds.GENERIC_LAYOUT).startswith("Layout(byline=()")
