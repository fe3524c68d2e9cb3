"""Review 30's findings, each fixed as a class (docs/reviews/review-30.md)."""

from __future__ import annotations

from factdrill.generators.items import ItemKind


def _grid(items, fact):
    return next(i for i in items if i.kind is ItemKind.MATRIX_MC and i.fact_ids[0] == fact)


def _rows(grid):
    return [r["text"] if isinstance(r, dict) else r for r in grid.extra["rows"]]


def test_a_grid_row_keyed_indicated_says_the_moment_it_waits_for(items5):
    """#32: dexamethasone and raising the head of the bed were keyed
    indicated beside a seizure "still going on"."""
    rows = _rows(_grid(items5, "brain-seizure-situation"))
    for r in rows:
        if "head of her bed" in r:
            assert r.startswith("Once the seizure is over, "), r
        if "dexamethasone" in r:  # by mouth: once fully alert (CDC; review 31 #21)
            assert r.startswith("Once she is fully alert after the seizure, "), r


def test_a_first_action_list_shows_the_same_action_without_its_moment(items5):
    """...while a first-action question offers it plainly, its rationale
    saying when it is done (the moment would rule it out at a glance)."""
    bowtie = next(i for i in items5 if i.kind is ItemKind.BOWTIE and i.fact_ids[0] == "brain-seizure-situation")
    actions = bowtie.extra["groups"][1]
    dex = [(o, r) for o, r in zip(actions["options"], actions["rationales"]) if "dexamethasone" in o.lower()]
    assert dex and all(not o.startswith("Once") and "once she is fully alert" in r for o, r in dex)


def test_a_grid_avoids_the_slip_that_needs_knowledge_first(items5):
    """#14: "judge how high her calcium is by how ill she seems" (a straw
    man) stood where "give the bisphosphonate before she has been
    rehydrated" belongs."""
    rows = _rows(_grid(items5, "hypercalcemia-situation"))
    assert any("before she has been rehydrated" in r for r in rows)
    assert not any("how ill she seems" in r for r in rows)


def test_a_teaching_item_holds_a_statement_on_the_stems_condition_beside_the_key(items5):
    """#34: three dental statements beside the one on calcium."""
    teaching = [i for i in items5 if i.kind is ItemKind.TEACHING and i.fact_ids[0] == "hypocalcemia-bma-situation"]
    assert teaching
    for it in teaching:
        others = [o.text.lower() for o in it.options if not o.correct]
        assert any(w in t for t in others for w in ("tingle", "twitch", "calcium")), others


def test_each_liver_finding_says_what_it_means(items5):
    """#17: five keys shared "a sign of liver metastases"."""
    highlight = next(i for i in items5 if i.kind is ItemKind.HIGHLIGHT and i.fact_ids[0] == "liver-jaundice-situation")
    keys = [o.rationale for o in highlight.options if o.correct]
    assert len(set(keys)) == len(keys) >= 3


def test_a_false_form_is_false_as_written(flagship):
    """#11: "...so the disease and its spread are seen in females" was true
    as written; the falsehood sat in its premise."""
    for v in flagship.fact("men-get-breast-cancer").false_variants:
        assert "seen in females" not in v
