"""``factdrill audit``: an item-writing-flaw analyzer over generated items.

The rules follow the published rubrics: Haladyna, Downing & Rodriguez's
(2002) multiple-choice item-writing guidelines and the 19-criterion
item-writing-flaw rubric of Moore et al. (2023), with deterministic checks
over the deck's structure where the published tools use language models.
Item rules live in :mod:`.item_rules`, rules over the whole item set in
:mod:`.deck_rules`, and the cheap rules ``factdrill check`` runs on the
deck's own text in :mod:`.deck_text`. docs/item-review.md explains each rule
and the warnings the flagship deck accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..deck.facts import Deck
from ..generators.items import Item
from .context import AuditContext
from .deck_rules import DECK_RULES, deck_findings
from .findings import Finding
from .item_rules import ITEM_RULES, item_findings
from . import judgment_rules  # noqa: F401  (registers the judgment items' rules)
from . import rival_rules  # noqa: F401  (registers the judgment rivals' rules)

__all__ = ["Finding", "RULE_IDS", "audit"]

RULE_IDS: tuple[str, ...] = tuple(r[0] for r in ITEM_RULES) + tuple(r[0] for r in DECK_RULES)


def audit(deck: Deck, items: Sequence[Item], rules: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of ``rules`` (default: all) over ``items`` of ``deck``,
    sorted by file, line, severity and rule."""
    only = set(rules) if rules is not None else None
    ctx = AuditContext(deck, items)
    found = [f for it in ctx.items for f in item_findings(ctx, it, only)]
    found += list(deck_findings(ctx, only))
    return sorted(found, key=Finding.sort_key)
