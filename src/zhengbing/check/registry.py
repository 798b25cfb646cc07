"""The rule registry: every rule is a module under ``zhengbing.check.rules`` registered by name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhengbing.check.model import Finding

# rule names in the order they run and are documented
RULE_NAMES: tuple[str, ...] = (
    "draft",
    "debris",
    "placeholder",
    "slot",
    "numbering",
    "count",
    "punctuation",
    "numbers",
    "latin",
    "repeat",
    "year",
    "region",
    "renamed",
    "citation",
    "stats",
    "glyph",
)

RuleFunc = Callable[[Any, Any], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    name: str
    title: str  # short Chinese description
    func: RuleFunc


_REGISTRY: dict[str, Rule] = {}


class DependencyMissing(Exception):
    """A rule cannot run because a part it needs (gazetteer, corpus, statistics) is missing."""


def register(name: str, title: str) -> Callable[[RuleFunc], RuleFunc]:
    def deco(func: RuleFunc) -> RuleFunc:
        _REGISTRY[name] = Rule(name, title, func)
        return func

    return deco


def _import_rule(name: str) -> None:
    """Import the module of rule *name*; importing it registers the rule."""
    match name:
        case "draft":
            from zhengbing.check.rules import draft  # noqa: F401
        case "debris":
            from zhengbing.check.rules import debris  # noqa: F401
        case "placeholder":
            from zhengbing.check.rules import placeholder  # noqa: F401
        case "slot":
            from zhengbing.check.rules import slot  # noqa: F401
        case "numbering":
            from zhengbing.check.rules import numbering  # noqa: F401
        case "count":
            from zhengbing.check.rules import count  # noqa: F401
        case "punctuation":
            from zhengbing.check.rules import punctuation  # noqa: F401
        case "numbers":
            from zhengbing.check.rules import numbers  # noqa: F401
        case "latin":
            from zhengbing.check.rules import latin  # noqa: F401
        case "repeat":
            from zhengbing.check.rules import repeat  # noqa: F401
        case "year":
            from zhengbing.check.rules import year  # noqa: F401
        case "region":
            from zhengbing.check.rules import region  # noqa: F401
        case "renamed":
            from zhengbing.check.rules import renamed  # noqa: F401
        case "citation":
            from zhengbing.check.rules import citation  # noqa: F401
        case "stats":
            from zhengbing.check.rules import stats  # noqa: F401
        case "glyph":
            from zhengbing.check.rules import glyph  # noqa: F401
        case _:
            raise KeyError(name)


@cache
def get_rule(name: str) -> Rule:
    if name not in _REGISTRY:
        _import_rule(name)
    return _REGISTRY[name]


def all_rules() -> list[Rule]:
    return [get_rule(n) for n in RULE_NAMES]
