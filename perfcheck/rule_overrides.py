"""Configuration applied to a loaded ruleset: each rule's severity and parameters as ``perfcheck.toml`` sets them.

Kept apart from the loader (``rulepack``): loading and validating the packs is cached per installed
version, while overrides change with every configuration file.
"""

from __future__ import annotations

import msgspec.structs

from perfcheck.config.params import ParamError, replace_params
from perfcheck.config.settings import ConfigError, Settings, line_in_file
from perfcheck.digest import sha256
from perfcheck.ruleset import Pack, Ruleset


def apply_overrides(ruleset: Ruleset, settings: Settings) -> Ruleset:
    """The ruleset with each rule's severity and parameters as configured. An unknown rule id, parameter
    or value is a :class:`ConfigError` naming the key; applying the same settings twice changes nothing."""
    if not settings.overrides:
        return ruleset
    known = set(ruleset.rules)
    by_id = {o.rule: o for o in settings.overrides}
    for wanted in settings.overrides:
        if wanted.rule not in known:
            key = f"rules.{wanted.rule}"
            problem = "没有这条规则（perfcheck rules list 列出全部规则）"
            raise ConfigError(wanted.source, key, problem, line_in_file(wanted.source, key))
    packs: dict[str, Pack] = {}
    for name, pack in ruleset.packs.items():
        rules = []
        for rule in pack.rules:
            override = by_id.get(rule.id)
            if override is not None:
                try:
                    params = replace_params(rule.params, override.params, f"rules.{rule.id}")
                except ParamError as error:
                    line = line_in_file(override.source, error.key)
                    raise ConfigError(override.source, error.key, error.problem, line) from None
                rule = msgspec.structs.replace(rule, params=params, severity=override.severity or rule.severity)
            rules.append(rule)
        packs[name] = msgspec.structs.replace(pack, rules=tuple(rules))
    # The verdict's ruleset hash must change with what configuration changed, or it would not reproduce.
    changes = sorted(
        (o.rule, o.severity or "", sorted((k, str(v)) for k, v in o.params.items())) for o in settings.overrides
    )
    digest = sha256(f"{ruleset.sha256}{changes}".encode()).hexdigest()
    return Ruleset(packs=packs, sha256=digest, own=ruleset.own)
