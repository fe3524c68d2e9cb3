"""``factdrill stats``, ``suspend``/``unsuspend`` and the review-history backup.

Thin wiring over :mod:`factdrill.study.store` and :mod:`factdrill.study.stats`; the
store (sqlite3, fsrs) and YAML are imported inside the command bodies so
``factdrill --help`` stays light.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import home_option, open_store

if TYPE_CHECKING:
    from ..deck.facts import Deck
    from ..generators.itemdb import DeckItems
    from ..study.store import Store




def _now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def _deck_or_id(name: str | None, store: Store, *, sync: bool = False) -> tuple[str, Deck | None]:
    """The deck id meant by DECK and the deck's metadata (no facts), or (when
    its files are gone) a deck id the store still has reviews for. With
    ``sync``, the store learns the deck's cards first (:func:`_sync_cards`)."""
    deck_id, view = _open_deck(name, store)
    if view is None:
        return deck_id, None
    with view:
        if sync:
            _sync_cards(store, view)
        return deck_id, view.head


def _open_deck(name: str | None, store: Store) -> tuple[str, DeckItems | None]:
    """The deck meant by DECK as its items database (to close), or (when its
    files are gone) a deck id the store still has reviews for."""
    from ..errors import UsageProblem
    from ..generators.cache import open_items
    from ..deck.loader import resolve_deck

    try:
        view = open_items(resolve_deck(name))  # cached by content: no YAML parse
    except UsageProblem:
        if name and store.conn.execute("SELECT 1 FROM cards WHERE deck = ? LIMIT 1", (name,)).fetchone():
            return name, None
        raise
    return view.head.id, view


def _tilde(path: str) -> str:
    """``path`` with the home folder shown as ``~`` (shorter, still copyable)."""
    home = str(Path.home())
    return "~" + path[len(home) :] if home != "/" and path.startswith(home + os.sep) else path


def _fact_problem(deck: Deck, fact: str) -> str:
    import difflib

    ids = [f.id for f in deck.facts]
    near = difflib.get_close_matches(fact, ids, n=3)
    hint = f" (did you mean {', '.join(near)}?)" if near else ""
    return (
        f"no fact '{fact}' in deck {deck.id}{hint}; list fact ids with"
        f" 'factdrill items {deck.id}' and pass one"
    )


def _sync_cards(store: Store, view: DeckItems) -> None:
    """Make the store know the deck's cards (as a drill would), so stats
    count a deck's new cards and a fact can be suspended before it was ever
    studied (an unchanged card list is recognised by its fingerprint)."""
    from ..study.cards import CardInfo

    def cards() -> list[CardInfo]:
        return [CardInfo(card_id=c.card, fact_id=c.fact, topic=c.topic, tags=c.tags) for c in view.card_rows()]

    store.sync_deck(view.head.id, cards, now=_now(), fingerprint=view.cards_fingerprint)


# -- stats -------------------------------------------------------------------------


@click.command()
@click.argument("deck", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@home_option
def stats(deck: str | None, as_json: bool, home: str | None) -> None:
    """Show progress, retention and the due forecast of a deck.

    Cards new / learning / review / suspended, reviews today and your streak,
    true retention (overall and per topic), the weakest facts, the facts you
    confuse most, leeches, and the cards due in the next 7 and 30 days.
    With no DECK, the bundled flagship deck.

    \b
    Examples:
        factdrill stats
        factdrill stats --json > progress.json
    """

    from ..study.stats import Look, compute_stats, render_stats
    from ..study.store import Store
    from ..terminal import use_color, width

    from ..study.settings import load_settings

    with open_store(home) as store:
        deck_id, view = _open_deck(deck, store)
        loaded = None
        try:
            if view is not None:
                loaded = view.head
                _sync_cards(store, view)  # a deck not yet drilled shows its new cards
            now = _now()
            data = compute_stats(store, deck_id, now=now)
            saved = load_settings(store, deck_id)
            data["settings"] = {
                "new_per_day": saved.new_per_day, "retention": saved.retention,
                "exam_date": saved.exam_date.isoformat() if saved.exam_date else None,
                "own_parameters": saved.own_parameters, "summary": saved.summary(now.astimezone().date()),
            }  # fmt: skip
            if view is not None:
                from ..study.cardsource import StoredCards
                from ..study.status import counts_now

                # the cards with items, read from the items database as the drill reads them
                left = counts_now(store, {deck_id: StoredCards(view)}, {deck_id: saved.new_per_day}, now=now)
                # what a plain 'factdrill drill' takes now: its status line shows the same three numbers
                data["study_now"] = {"due": left.due, "learning": left.learning, "new": left.new}
        finally:
            if view is not None:
                view.close()
        data["flags"] = store.flags(deck_id)
        data["store"] = str(store.path)
    from ..terminal import json_text, printable

    if as_json:
        click.echo(json_text(json.dumps(data, indent=2, ensure_ascii=False)))
        return
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    look = Look(width=width(sys.stdout), color=use_color(sys.stdout), unicode="utf" in encoding)
    titles = {t.id: t.title for t in loaded.topics} if loaded else {}
    title = f"{loaded.title} ({deck_id})" if loaded else deck_id
    click.echo(render_stats(data, look=look, title=title, topic_titles=titles))
    if data["cards"]["total"] == 0:
        click.echo("No cards studied yet: start with 'factdrill drill'.")
    # The README promises stats shows where the history lives.
    click.echo("")
    click.echo("Review history (back up with 'factdrill export-reviews'):")
    click.echo(f"  {printable(_tilde(data['store']), one_line=True)}")


# -- suspend / unsuspend -------------------------------------------------------------


def _suspension(fact: str, deck_name: str | None, home: str | None, *, on: bool) -> None:
    from ..errors import UsageProblem
    from ..study.store import Store

    with Store.open(home) as store:
        deck_id, view = _open_deck(deck_name, store)
        if view is not None:
            with view:
                if not view.has_fact(fact):
                    raise UsageProblem(_fact_problem(view.deck(), fact))
                if not store.fact_cards(deck_id, fact):
                    _sync_cards(store, view)
        elif not store.fact_cards(deck_id, fact):
            raise UsageProblem(f"no fact '{fact}' in deck {deck_id}")
        changed = store.suspend(deck_id, fact) if on else store.unsuspend(deck_id, fact)
        total = store.fact_cards(deck_id, fact)
    from ..terminal import printable

    fact = printable(fact, one_line=True)  # echoed back: it may be any typed text
    verb = "Suspended" if on else "Unsuspended"
    if changed:
        plural = "s" if changed != 1 else ""
        tail = " It will not come up until you unsuspend it." if on else " It comes up again when due."
        click.echo(f"{verb} {changed} card{plural} of fact '{fact}'.{tail}")
    else:
        state = "suspended" if on else "active"
        click.echo(f"Fact '{fact}' was already {state} ({total} card{'s' if total != 1 else ''}).")


@click.command()
@click.argument("fact")
@click.option("--deck", "-d", "deck_name", metavar="DECK", help="Deck of the fact (default: the bundled deck).")
@home_option
def suspend(fact: str, deck_name: str | None, home: str | None) -> None:
    """Suspend the cards of FACT: they stop coming up in drills.

    FACT is a fact id as listed by 'factdrill items'. Undo with
    'factdrill unsuspend FACT'.
    """
    _suspension(fact, deck_name, home, on=True)


@click.command()
@click.argument("fact")
@click.option("--deck", "-d", "deck_name", metavar="DECK", help="Deck of the fact (default: the bundled deck).")
@home_option
def unsuspend(fact: str, deck_name: str | None, home: str | None) -> None:
    """Unsuspend the cards of FACT (leeches too); they come up when due."""
    _suspension(fact, deck_name, home, on=False)


# -- export / import -------------------------------------------------------------------


# A backup of a million reviews is about 600 MB of JSON.
MAX_BACKUP_BYTES = 2 * 1024 * 1024 * 1024


def _format(path: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    return "csv" if path.lower().endswith(".csv") else "json"


@click.command("export-reviews")
@click.argument("output", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: from the file name, else json.")
@click.option("--deck", "-d", "deck_name", metavar="DECK", help="Only this deck's reviews: a name or path (default: all).")
@home_option
def export_reviews(output: str, fmt: str | None, deck_name: str | None, home: str | None) -> None:
    """Back up your review history to OUTPUT (JSON or CSV; '-' = stdout).

    The file holds every answer with its card states before and after, so
    'factdrill import-reviews' can restore it on another computer.

    \b
    Examples:
        factdrill export-reviews reviews-backup.json
        factdrill export-reviews history.csv --deck breast-cancer-metastasis
    """

    from ..errors import UsageProblem
    from ..study import backup
    from ..study.store import Store

    kind = _format(output, fmt)
    with Store.open(home) as store:
        deck_id = _deck_or_id(deck_name, store)[0] if deck_name else None
        if output == "-":
            backup.export_reviews(store, sys.stdout, kind, deck_id=deck_id)
            return
        target = Path(output)
        if not target.parent.is_dir():
            raise UsageProblem(f"folder {target.parent} does not exist; create it or write elsewhere")
        import io

        from ..safeio import FileRefused, write_output

        def write(raw) -> None:
            nonlocal n
            fp = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            n = backup.export_reviews(store, fp, kind, deck_id=deck_id)
            fp.flush()
            fp.detach()  # the caller closes the file

        n = 0
        try:
            # a new file renamed over the old: a failed export never leaves half a
            # backup, and never writes into a pipe, a device, a link out or the store
            write_output(target, write)
        except FileRefused as e:
            raise UsageProblem(str(e)) from None
        except OSError as e:
            raise UsageProblem(f"cannot write {target} ({e.strerror}); choose another file") from None
    from ..terminal import printable

    shown = printable(str(target), one_line=True)
    click.echo(f"Exported {n} review{'s' if n != 1 else ''} to {shown} ({kind}).", err=True)


@click.command("import-reviews")
@click.argument("input_path", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), help="Default: from the file name, else json.")
@home_option
def import_reviews(input_path: str, fmt: str | None, home: str | None) -> None:
    """Restore reviews from a backup made by 'factdrill export-reviews'.

    Reviews already in the store are skipped, so importing twice is safe.
    A file with a bad record is refused as a whole.
    """

    from ..errors import StoreError, UsageProblem
    from ..study import backup
    from ..study.store import Store

    from ..safeio import FileRefused, read_regular, read_stream

    kind = _format(input_path, fmt)
    try:
        # Bytes decoded by hand: universal-newline reading would turn a
        # "\r" inside a quoted CSV field (a typed response) into "\n".
        # Only a regular file, and at most MAX_BACKUP_BYTES: /dev/zero or a
        # pipe nobody writes to must not hang or fill the memory.
        if input_path == "-":
            if hasattr(sys.stdin, "buffer"):
                raw = read_stream(sys.stdin.buffer, MAX_BACKUP_BYTES, what="backup on standard input")
            else:
                raw = sys.stdin.read(MAX_BACKUP_BYTES + 1).encode()
        else:
            raw = read_regular(input_path, MAX_BACKUP_BYTES, what="review backup")
        text: Any = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageProblem(f"no file {input_path}; give the path of an export-reviews backup") from None
    except FileRefused as e:
        raise UsageProblem(f"{e}; give an export-reviews backup") from None
    except UnicodeDecodeError as e:
        raise UsageProblem(f"cannot read {input_path} (not UTF-8 text at byte {e.start}); give an"
                           " export-reviews backup") from None
    except OSError as e:
        raise UsageProblem(f"cannot read {input_path} ({e.strerror or e}); give an export-reviews backup") from None
    import io

    with Store.open(home) as store:
        before = store.review_count()
        try:
            added = backup.import_reviews(store, io.StringIO(text, newline=None if kind == "json" else ""), kind)
        except StoreError as e:
            raise StoreError(f"{input_path}: {e}") from None
        after = store.review_count()
    skipped = _count_records(text, kind) - added
    click.echo(
        f"Imported {added} review{'s' if added != 1 else ''}"
        f" ({max(0, skipped)} already present); the store now has {after} (was {before})."
    )


def _count_records(text: str, kind: str) -> int:
    import csv
    import io

    if kind == "json":
        return len(json.loads(text).get("reviews", []))
    return sum(1 for _ in csv.DictReader(io.StringIO(text, newline="")))
