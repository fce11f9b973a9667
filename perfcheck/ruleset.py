"""What a loaded rule pack is: its rules, its examples, and the set of packs with the choice among them.

The packs are read from YAML by :mod:`perfcheck.rule_file` and loaded (or taken from the pack cache) by
:mod:`perfcheck.rulepack`; everything that runs rules needs only these classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec import Struct

from perfcheck.errors import UsageError
from perfcheck.kinds import KINDS, KindModule
from perfcheck.kinds.base import PackReading
from perfcheck.model import Document, Severity

if TYPE_CHECKING:
    import regex


class Example(Struct, frozen=True):
    text: str
    expect: str
    line: int


class Rule(Struct, frozen=True):
    id: str
    kind: str
    severity: Severity
    title: str
    message: str
    basis: str
    params: Any
    examples: tuple[Example, ...]
    source: str
    line: int
    pack: str
    message_en: str = ""  # the message under --lang en; the Chinese one when a rule has none

    @property
    def module(self) -> KindModule:
        return KINDS[self.kind]


class Pack(Struct, frozen=True):
    name: str
    title: str
    detect: regex.Pattern[str] | None
    extends: tuple[str, ...]
    rules: tuple[Rule, ...]
    source: str
    # Section titles (regexes) that mark this report type's template; with the title they choose the pack.
    outline: tuple[regex.Pattern[str], ...] = ()


class Ruleset(Struct, frozen=True):
    """The packs that were loaded, by name, and a hash of the files they came from."""

    packs: dict[str, Pack]
    sha256: str
    # Packs defined by the user's own rule files (--rules, rule-files): chosen first by their detect, and
    # added to the chosen pack when they extend a pack of its chain.
    own: tuple[str, ...] = ()

    @property
    def rules(self) -> dict[str, Rule]:
        """Every loaded rule by id, in pack order."""
        return {rule.id: rule for pack in self.packs.values() for rule in pack.rules}

    def rules_for(self, name: str) -> tuple[Rule, ...]:
        """The rules of a pack and of every pack it extends, parents first, each once."""
        return tuple(rule for pack_name in self.chain(name) for rule in self.packs[pack_name].rules)

    def add_ons(self, name: str) -> tuple[Pack, ...]:
        """The user's own packs, without a detect of their own, that extend a pack of ``name``'s chain."""
        chain = self.chain(name)
        return tuple(
            self.packs[own]
            for own in self.own
            if own not in chain and self.packs[own].detect is None and set(self.packs[own].extends) & set(chain)
        )

    def chain(self, name: str) -> list[str]:
        """``name`` and every pack it extends, parents first, each once."""
        seen: list[str] = []

        def visit(pack_name: str, chain: tuple[str, ...]) -> None:
            if pack_name in chain:
                where = self.packs[pack_name].source
                raise UsageError(f"规则包继承出现循环：{' → '.join((*chain, pack_name))}（{where}）")
            pack = self.packs.get(pack_name)
            if pack is None:
                raise UsageError(f"未知的规则包“{pack_name}”（可用：{', '.join(sorted(self.packs))}）")
            for parent in pack.extends:
                visit(parent, (*chain, pack_name))
            if pack_name not in seen:
                seen.append(pack_name)

        visit(name, ())
        return seen

    def choose_pack(self, document: Document, requested: str | None = None) -> PackReading:
        """The pack for ``document`` from its title and its section headings together (see ``pack_choice``)."""
        if requested:
            if requested not in self.packs:
                raise UsageError(f"未知的规则包“{requested}”（可用：{', '.join(sorted(self.packs))}）")
            pack = self.packs[requested]
            return PackReading(requested, pack.title, True, f"按 --pack 指定使用“{requested}”")
        from perfcheck.pack_choice import choose_pack

        ordered = [self.packs[name] for name in self.own] + [p for p in self.packs.values() if p.name not in self.own]
        return choose_pack(document, ordered, self.own)
