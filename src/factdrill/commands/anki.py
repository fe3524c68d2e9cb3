"""``factdrill anki pull``: bring reviews done in Anki into the review store.

Thin wiring: :mod:`factdrill.exporters.anki.collection` reads the Anki file,
:func:`factdrill.exporters.anki.card_items` tells which of our items each
Anki card asks (by the note GUIDs the exporter derives), and
:func:`factdrill.study.merge.merge_reviews` adds the answers and replays
the cards with FSRS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from .options import SuggestingGroup, home_option

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..exporters.anki.collection import AnkiLog
    from ..generators.items import Item
    from ..study.merge import IncomingReview


@click.group(cls=SuggestingGroup)
def anki() -> None:
    """Keep factdrill and Anki on one memory (see docs/anki.md).

    \b
    Export what you studied here with 'factdrill export anki --with-progress';
    bring what you studied in Anki back with 'factdrill anki pull'.
    """


@dataclass
class PullPlan:
    """The answers of a collection sorted out by deck, and what was left out."""

    by_deck: dict[str, list[IncomingReview]] = field(default_factory=dict)
    foreign: int = 0  # answers to notes that are not ours
    gone: int = 0  # answers to cards our decks no longer ask
    not_answers: int = 0  # manual changes and reschedules (no button pressed)


def plan_pull(log: AnkiLog, decks: list[tuple[Deck, list[Item]]]) -> PullPlan:
    """Map each answer of an Anki log to one of our cards and items."""
    from datetime import datetime, timezone

    from ..exporters.anki import card_items
    from ..study.merge import IncomingReview

    asks = {}
    our_guids: set[str] = set()
    for deck, items in decks:
        for key, item in card_items(deck, items).items():
            asks[key] = (deck.id, item)
            our_guids.add(key[0])
    plan = PullPlan()
    for row in log.revlog:
        note_card = log.cards.get(row.cid)
        if note_card is None or note_card[0] not in our_guids:
            # a card deleted in Anki cannot be told apart from a foreign one
            plan.foreign += 1
            continue
        if not row.is_answer:
            plan.not_answers += 1
            continue
        found = asks.get(note_card)
        if found is None:
            plan.gone += 1
            continue
        deck_id, item = found
        plan.by_deck.setdefault(deck_id, []).append(IncomingReview(
            card_id=item.card, item_id=item.id, item_kind=item.kind.value,
            at=datetime.fromtimestamp(row.id / 1000, timezone.utc), rating=row.ease,
            elapsed_ms=row.taken_ms, practice=row.is_cram,
        ))  # fmt: skip
    return plan


def _decks(names: tuple[str, ...]) -> list[tuple[Deck, list[Item]]]:
    """The named decks, else every valid deck in the decks folder and the flagship."""
    from ..deck.loader import find_decks, resolve_deck
    from ..errors import FactdrillError
    from ..generators.cache import deck_and_items

    if names:
        return [deck_and_items(resolve_deck(n)) for n in names]
    out, seen = [], set()
    for path in [*find_decks(), resolve_deck(None)]:
        try:
            deck, items = deck_and_items(path)
        except FactdrillError:  # a broken deck of one's own: 'factdrill check' reports it
            continue
        if deck.id not in seen:
            seen.add(deck.id)
            out.append((deck, items))
    return out


@anki.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--deck", "deck_names", multiple=True, metavar="DECK",
              help="Only this deck's cards (repeatable; default: every deck).")
@home_option
def pull(path: str, deck_names: tuple[str, ...], home: str | None) -> None:
    """Add the reviews you did in Anki to your factdrill history.

    PATH is the collection.anki2 of your Anki profile folder (close Anki
    first), or a .colpkg / .apkg exported with scheduling. Each Anki answer
    to one of our notes becomes a factdrill review with its time and
    rating, and the cards are rescheduled with FSRS in time order, merged
    with what you did here. Pulling the same file again adds nothing;
    notes that are not factdrill's are left out and counted.

    \b
    Example:
        factdrill anki pull ~/.local/share/Anki2/"User 1"/collection.anki2
    """
    from ..exporters.anki.collection import read_collection
    from ..study.merge import merge_reviews
    from ..study.queue import deck_cards
    from ..study.session import utcnow
    from ..study.store import Store
    from ..study.settings import load_settings

    log = read_collection(path)
    loaded = _decks(deck_names)
    plan = plan_pull(log, loaded)
    added = already = cards = 0
    with Store.open(home) as store:
        for deck, items in loaded:
            incoming = plan.by_deck.get(deck.id)
            if not incoming:
                continue
            store.sync_deck(deck.id, deck_cards(deck, items), now=utcnow())
            ret = load_settings(store, deck.id).retention
            res = merge_reviews(store, deck.id, incoming, retention=ret)
            added += res.added
            already += res.already
            cards += len(res.cards)
            if res.added:
                click.echo(f"{deck.id}: {res.added} new review{_s(res.added)} of {len(res.cards)}"
                           f" card{_s(len(res.cards))}, rescheduled")
    click.echo(f"Pulled {added} new review{_s(added)}; {already} already in your history.")
    if plan.foreign:
        click.echo(f"Ignored: {plan.foreign} review{_s(plan.foreign)} of notes that are not factdrill's.")
    if plan.gone:
        click.echo(f"Ignored: {plan.gone} review{_s(plan.gone)} of cards the decks no longer have.")
    if plan.not_answers:
        click.echo(f"Ignored: {plan.not_answers} manual change{_s(plan.not_answers)} (no answer given).")


def _s(n: int) -> str:
    return "" if n == 1 else "s"
