"""The rule registry: every rule is a module under ``zhengbing.check.rules`` registered by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from zhengbing.check.model import Finding

# rule names in the order they run and are documented
RULE_NAMES: tuple[str, ...] = (
    "draft",
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


@cache
def get_rule(name: str) -> Rule:
    if name not in _REGISTRY:
        importlib.import_module(f"zhengbing.check.rules.{name}")
    return _REGISTRY[name]


def all_rules() -> list[Rule]:
    return [get_rule(n) for n in RULE_NAMES]
