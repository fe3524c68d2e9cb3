"""``factdrill audit``: item-writing flaws of a deck's items, and ``factdrill
grade``: how one answer to one item would be graded, and why.

Both are instructor tools: ``audit`` before publishing a deck (exit 1 while
it finds errors, so it can gate a deck repository's CI), ``grade`` to check
that a key accepts every right answer.
"""

from __future__ import annotations

import json
import textwrap

import click

from .items import _deck_argument


@click.command()
@_deck_argument
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding (the tool interface).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order and distractors.")
@click.option("--rule", "rules", multiple=True, metavar="RULE", help="Only this rule (repeatable).")
@click.option("--errors-only", is_flag=True, help="Leave warnings out.")
def audit(deck: str | None, as_json: bool, seed: int, rules: tuple[str, ...], errors_only: bool) -> None:
    """Audit the items of DECK for item-writing flaws.

    The rules follow published item-writing guidelines (Haladyna, Downing
    and Rodriguez 2002; the 19-criterion flaw rubric of Moore et al. 2023):
    cues that give the key away (the key longest, stem words only the key
    repeats, a distractor rewriting the key, "always" and "never" only in
    distractors), distractors another fact makes true, rationales that teach
    nothing, and across the deck the share of true/false items and of keys
    that are the longest option. Each finding names the item, the fact's
    file:line and a fix. Exit status: 0 no errors, 1 errors found.
    """
    from ..audit import RULE_IDS
    from ..audit import audit as run_audit
    from ..deck.loader import resolve_deck
    from ..errors import UsageProblem
    from ..generators.cache import deck_and_items
    from ..terminal import printable, width

    unknown = [r for r in rules if r not in RULE_IDS]
    if unknown:
        raise UsageProblem(f"unknown rule '{unknown[0]}'; rules: {', '.join(RULE_IDS)}")
    d, items = deck_and_items(resolve_deck(deck), seed=seed)
    findings = run_audit(d, items, rules or None)
    if errors_only:
        findings = [f for f in findings if f.is_error]
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if as_json:
        for f in findings:
            click.echo(json.dumps(f.to_dict(), ensure_ascii=False, sort_keys=True))
    else:
        cols = width()
        for f in findings:
            click.echo(printable(f.line()))
            click.echo(textwrap.fill(printable(f"fix: {f.hint}"), cols, initial_indent="  ",
                                     subsequent_indent="    "))
    summary = (f"audited {len(items)} items of {len(d.facts)} facts: "
               f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    click.echo(summary, err=as_json)
    if errors:
        raise SystemExit(1)


@click.command()
@click.argument("item_id")
@click.argument("answer")
@click.option("--deck", "deck", metavar="DECK", help="Deck name or path (default: the bundled deck).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed the items were shown with.")
@click.option("--scoring", type=click.Choice(["nclex", "all-or-nothing"]), default="nclex", show_default=True,
              help="How select-all items are scored.")
@click.option("--json", "as_json", is_flag=True, help="The grade as one JSON object.")
def grade(item_id: str, answer: str, deck: str | None, seed: int, scoring: str, as_json: bool) -> None:
    """Show how ANSWER to item ITEM_ID would be graded, and why.

    Item ids are listed by 'factdrill items' and 'factdrill preview'. Letters
    of choice items follow the option order of --seed (shown here). A
    flashcard is self-rated in the drill: for one, this says whether the
    answer matches the back (the drill then suggests Good); an open-answer
    blank that an answer does not match is left to the student to judge
    against the key (the drill asks for a rating). Exit status:
    0 full marks (or a match), 1 not, 2 an answer not in the item's form.
    """
    from dataclasses import replace

    from ..deck.loader import resolve_deck
    from ..errors import UsageProblem
    from ..generators.cache import deck_and_items
    from ..generators.items import ItemKind
    from ..study import judgment
    from ..study.grading import InvalidResponse, Scoring, key_response
    from ..study.grading import grade as grade_answer
    from ..study.render import render_question
    from ..terminal import printable, width

    _, items = deck_and_items(resolve_deck(deck), seed=seed)
    item = next((it for it in items if it.id == item_id), None)
    if item is None:
        close = [it.id for it in items if it.id.startswith(item_id.split("-")[0])][:3]
        hint = f" (e.g. {', '.join(close)})" if close else ""
        raise UsageProblem(f"no item '{item_id}' in this deck; list ids with 'factdrill items'{hint}")
    try:
        g = grade_answer(item, answer, scoring=Scoring(scoring))
    except InvalidResponse as exc:
        if as_json:
            click.echo(json.dumps({"item": item.id, "answer": answer, "valid": False, "message": str(exc)}))
        else:
            click.echo(f"not an answer to this item: {exc}", err=True)
        raise SystemExit(2) from None
    key = key_response(item)
    if item.kind is ItemKind.FLASHCARD:
        # a suggestion, not a grade: the student rates a flashcard
        g = replace(g, note=("matches the back; the drill suggests Good" if g.correct else
                             "does not match the back word for word; the student rates it 1-4 in the drill"))
    if as_json:
        click.echo(json.dumps({
            "item": item.id, "kind": item.kind.value, "answer": answer, "valid": True,
            "correct": g.correct, "score": g.score, "earned": g.earned, "possible": g.possible,
            "accepted": g.accepted, "typo": g.typo, "note": g.note, "key": key,
            "accepted_answers": [] if item.kind in judgment.STRUCTURED else list(item.answers),
            "key_by_part": [{"part": label, "key": shown} for label, shown in judgment.key_by_part(item)],
            "self_rated": item.kind is ItemKind.FLASHCARD or g.judge,
            "open_answer": item.open_answer,
        }, ensure_ascii=False, sort_keys=True))
    else:
        cols = width()
        click.echo(render_question(item, width=cols))
        verdict = "correct" if g.correct else ("partly right" if g.earned else "wrong")
        if item.kind is ItemKind.FLASHCARD:
            verdict = "self-rated (flashcard)"
        elif g.judge:
            why = "open-answer blank" if item.open_answer else "a figure's blank, answered without one"
            verdict = f"not matched, judged by the student ({why})"
        click.echo("")
        click.echo(textwrap.fill(printable(f"answer '{answer}': {verdict} ({g.earned}/{g.possible} points): "
                                           f"{g.note}"), cols))
        click.echo(textwrap.fill(printable(f"key: {key}"), cols))
        if item.kind in judgment.STRUCTURED:
            # one key per blank/row/list: the others are not other answers to it
            for label, shown in judgment.key_by_part(item):
                click.echo(textwrap.fill(printable(f"{label}: {shown}"), cols, initial_indent="  ",
                                         subsequent_indent="    "))
        elif not item.options and item.also_accepted:
            click.echo(textwrap.fill(printable("also accepted: " + "; ".join(item.also_accepted)), cols))
    if not g.correct:
        raise SystemExit(1)
