"""The NCLEX client-needs category of a judgment item, from what it asks.

A fact's ``nclex`` tag says what the fact is about; a clinical-judgment item
is categorised by the skill it asks for, as the NCLEX-RN test plan sorts
its items:

=================================  ===========================================
the item asks                      category
=================================  ===========================================
what to do first, in what order    Management of Care (prioritization)
(priority, action order, the
action-and-reason dyad, a case)
which actions are contraindicated  Safety and Infection Control (precautions)
(indicated/contraindicated grid)
what to teach (need for further    Health Promotion and Maintenance
teaching)
which findings need follow-up      Reduction of Risk Potential
(highlight)
what the condition is and what     Physiological Adaptation
shows it (bowtie, drop-down cloze,
findings grid, evidence triad)
=================================  ===========================================

A situation about a drug (``nclex: pharmacological-and-parenteral-therapies``)
puts every item but the prioritization ones under Pharmacological and
Parenteral Therapies; a situation tagged with another category (comfort
care, injury prevention...) puts its indicated/contraindicated grid and its
teaching there, since they are about that kind of care.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .items import ItemKind

if TYPE_CHECKING:
    from ..deck.facts import Situation

MANAGEMENT = "management-of-care"
SAFETY = "safety-and-infection-control"
HEALTH_PROMOTION = "health-promotion-and-maintenance"
RISK = "reduction-of-risk-potential"
ADAPTATION = "physiological-adaptation"
PHARMACOLOGY = "pharmacological-and-parenteral-therapies"
COMFORT = "basic-care-and-comfort"

BY_KIND: dict[ItemKind, str] = {
    ItemKind.PRIORITY: MANAGEMENT,
    ItemKind.ACTION_ORDER: MANAGEMENT,
    ItemKind.CASE: MANAGEMENT,
    ItemKind.MATRIX_MC: SAFETY,
    ItemKind.TEACHING: HEALTH_PROMOTION,
    ItemKind.HIGHLIGHT: RISK,
    ItemKind.MATRIX_MR: ADAPTATION,
    ItemKind.DROPDOWN: ADAPTATION,
    ItemKind.BOWTIE: ADAPTATION,
    ItemKind.RATIONALE: ADAPTATION,
}
# What a rationale item asks depends on its form: the dyad "do X first
# because Y" prioritizes, the triad "X, as shown by Y and Z" recognizes.
BY_FACET: dict[str, str] = {"dyad": MANAGEMENT, "triad": ADAPTATION}
PRIORITIZING = frozenset({MANAGEMENT})
CARE_KINDS = frozenset({ItemKind.MATRIX_MC, ItemKind.TEACHING})


def category(kind: ItemKind, sit: "Situation | None" = None, facet: str | None = None) -> str:
    """The client-needs slug of a judgment item of ``kind`` (see the table)."""
    base = BY_FACET.get(facet or "", BY_KIND.get(kind, ADAPTATION))
    area = sit.nclex if sit is not None else None
    if base in PRIORITIZING:
        return base
    if area == PHARMACOLOGY:
        return PHARMACOLOGY
    if area and area != ADAPTATION and kind in CARE_KINDS:
        return area
    return base
