"""Validators of the fact kinds: one module per ``kind:``, registered here.

Each module has ``KEYS`` (the keys a fact of that kind may have besides the
common ones) and ``validate(reader, fields, label)``, which reports problems
through the reader and returns the kind's fields for its
:class:`~factdrill.deck.facts.Fact` subclass, or None when they are unusable.
Adding a fact kind means one module here and one line in :data:`VALIDATORS`.
"""

from __future__ import annotations

from typing import Any, Callable

from ..facts import FactKind
from ..fields import FieldMap, FieldReader
from . import fact_set, mapping, ranking, situation, statement, statistic, term

Validator = Callable[[FieldReader, FieldMap, str], "dict[str, Any] | None"]

VALIDATORS: dict[FactKind, tuple[tuple[str, ...], Validator]] = {
    FactKind.TERM: (term.KEYS, term.validate),
    FactKind.STATISTIC: (statistic.KEYS, statistic.validate),
    FactKind.SET: (fact_set.KEYS, fact_set.validate),
    FactKind.MAPPING: (mapping.KEYS, mapping.validate),
    FactKind.RANKING: (ranking.KEYS, ranking.validate),
    FactKind.STATEMENT: (statement.KEYS, statement.validate),
    FactKind.SITUATION: (situation.KEYS, situation.validate),
}

KIND_KEYS: dict[FactKind, tuple[str, ...]] = {kind: keys for kind, (keys, _) in VALIDATORS.items()}
