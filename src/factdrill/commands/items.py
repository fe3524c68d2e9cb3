"""``factdrill items`` and ``factdrill preview``: look at the generated items.

``items --json`` is a machine interface (one ``Item.to_dict()`` object per
line, sorted keys, deterministic for a seed); ``preview`` shows each item as
a student sees it, with the answer, rationales and sources under it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Iterator

import click

from ..errors import UsageProblem
from ..generators.items import ItemKind
from .options import kind_option

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..generators.itemdb import DeckItems
    from ..generators.items import Item

KIND_NAMES = [k.value for k in ItemKind]


def _deck_argument(f):
    return click.argument("deck", required=False, metavar="[DECK]")(f)


def _filter_options(f):
    f = click.option("--seed", type=int, default=0, show_default=True, help="Seed for option order.")(f)
    f = click.option("--fact", "facts", multiple=True, metavar="ID", help="Only items of this fact (repeatable).")(f)
    f = click.option("--topic", "topics", multiple=True, metavar="T", help="Only items of this topic (repeatable).")(f)
    f = kind_option("Only items of these kinds")(f)
    return f


def select_items(
    deck_arg: str | None,
    *,
    kinds: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    facts: tuple[str, ...] = (),
    seed: int = 0,
) -> tuple["Deck", list["Item"]]:
    """Load a deck and return its items after the filters, in generation order.

    Filters apply after generation, so distractors are drawn from the whole
    deck whatever the filter. Unknown topics or fact ids are usage errors.
    """
    with _open(deck_arg, seed) as view:
        return view.deck(), list(_selected(view, kinds, topics, facts))


def _open(deck_arg: str | None, seed: int) -> "DeckItems":
    from ..generators.cache import open_items
    from ..deck.loader import resolve_deck

    return open_items(resolve_deck(deck_arg), seed=seed)  # cached by content


def _selected(view: "DeckItems", kinds: tuple[str, ...], topics: tuple[str, ...],
              facts: tuple[str, ...]) -> Iterator["Item"]:
    """The view's items after the filters (checked first), one fact at a time."""
    head = view.head
    known_topics = {t.id for t in head.topics}
    for topic in topics:
        if topic not in known_topics:
            raise UsageProblem(
                f"deck '{head.id}' has no topic '{topic}'; choose one of: {', '.join(sorted(known_topics))}"
            )
    for fact in facts:
        if not view.has_fact(fact):
            raise UsageProblem(f"deck '{head.id}' has no fact '{fact}'; run 'factdrill items' to list fact ids")
    wanted = set(facts)
    for item in view.items(list(kinds) or None):
        if topics and item.topic not in topics:
            continue
        if facts and not wanted.intersection(item.fact_ids):
            continue
        yield item


@click.command()
@_deck_argument
@_filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (the tool interface).")
def items(deck: str | None, kinds, topics, facts, seed: int, as_json: bool) -> None:
    """List the quiz items generated from DECK (default: the bundled deck).

    One line per item: its id (which starts with its kind), its fact id
    (what 'suspend' and 'preview --fact' take) and its question, cut to the
    terminal's width (never when piped).

    \b
    Examples:
        factdrill items --kind sata
        factdrill items breast-cancer-metastasis --json --seed 3 > items.jsonl
    """
    with _open(deck, seed) as view:
        if as_json:
            write_json(view, kinds, topics, facts)
            return
        selected = _selected(view, kinds, topics, facts)
        from ..terminal import printable, truncate, wrap

        # a listing is for a person: read whole (its columns fit the longest id and facts)
        shown = list(selected)
    cols = _listing_width()
    id_w = min(30, max((len(i.id) for i in shown), default=0))
    fact_w = min(34, max((len(", ".join(i.fact_ids)) for i in shown), default=0))
    for item in shown:
        facts = printable(", ".join(item.fact_ids))  # never cut: it is what 'suspend' takes
        # the id starts with the kind (mcq-..., cloze-...): no column of its own
        prefix = f"{truncate(item.id, 30):<{id_w}}  {facts:<{fact_w}}  "
        prompt = " ".join(printable(item.prompt).split())
        click.echo(prefix + (prompt if cols is None else truncate(prompt, max(4, cols - len(prefix)))))
    click.echo(wrap(_summary(Counter(ItemKind(i.kind).value for i in shown)), 80), err=True)


BLOCK = 512  # JSON lines written at once
CHUNK = 1 << 20  # characters of whole facts' JSON lines written at once


def write_json(view: "DeckItems", kinds: tuple[str, ...] = (), topics: tuple[str, ...] = (),
               facts: tuple[str, ...] = ()) -> None:
    """``items --json``: the selected items, one JSON object per line.

    The whole deck (no filter) is written from each fact's lines as a
    previous run left them in the items database (see
    :meth:`~factdrill.generators.itemdb.DeckItems.fact_texts`): the same
    bytes, without unpickling and serialising every item again.
    """
    if kinds or topics or facts:
        _write_json(_selected(view, kinds, topics, facts))
        return
    chunk: list[str] = []
    size = 0
    for text in view.fact_texts(_json_lines):
        chunk.append(text)
        size += len(text)
        if size >= CHUNK:
            click.echo("".join(chunk), nl=False)
            chunk, size = [], 0
    if chunk:
        click.echo("".join(chunk), nl=False)


def _json_lines(items: Iterable["Item"]) -> str:
    """Items as ``items --json`` lines, each ending in a newline."""
    from ..terminal import json_text

    dumps = _ENCODER.encode
    lines = [dumps(item.to_dict(copy=False)) for item in items]
    lines.append("")
    # deck text is data: C1 controls, BIDI overrides... escaped
    return json_text("\n".join(lines))


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _write_json(items: Iterable["Item"]) -> None:
    """One JSON object per line, written a block of lines at a time (one
    write call per line cost a third of the command's time)."""
    block: list["Item"] = []
    for item in items:
        block.append(item)
        if len(block) >= BLOCK:
            click.echo(_json_lines(block), nl=False)
            block = []
    if block:
        click.echo(_json_lines(block), nl=False)


def _listing_width() -> int | None:
    """Columns for ``items``: the terminal's whole width (a wide terminal shows
    whole questions), ``$COLUMNS`` when set, else None: piped output is never cut."""
    import os
    import shutil
    import sys

    if os.environ.get("COLUMNS", "").isdigit():
        return max(40, int(os.environ["COLUMNS"]))
    try:
        if sys.stdout.isatty():
            return max(40, shutil.get_terminal_size().columns)
    except (AttributeError, ValueError, OSError):
        pass
    return None


def _summary(counts: Counter[str]) -> str:
    if not counts:
        return "No items match."
    parts = ", ".join(f"{k} {counts[k]}" for k in KIND_NAMES if counts[k])
    return f"{sum(counts.values())} items ({parts})"


@click.command()
@_deck_argument
@_filter_options
def preview(deck: str | None, kinds, topics, facts, seed: int) -> None:
    """Show DECK's items as a student sees them, each with its answer.

    \b
    Examples:
        factdrill preview --fact first-site-bone
        factdrill preview --kind matching --kind ordering | less
    """
    from ..study.render import render_answer, render_question
    from ..terminal import printable, rule, use_color, width

    loaded, selected = select_items(deck, kinds=kinds, topics=topics, facts=facts, seed=seed)
    cols = width()
    color = use_color()
    for n, item in enumerate(selected):
        if n:
            click.echo(rule(cols))
        header = printable(f"[{item.id}] {item.topic} / {', '.join(item.fact_ids)}", one_line=True)
        click.echo(_dim(header[:cols], color))
        click.echo(render_question(item, width=cols, color=color))
        click.echo()
        click.echo(render_answer(item, None, width=cols, color=color, sources=loaded.sources))
    if not selected:
        click.echo("No items match.", err=True)


def _dim(text: str, color: bool) -> str:
    from ..terminal import style

    return style(text, dim=True, enabled=color)
