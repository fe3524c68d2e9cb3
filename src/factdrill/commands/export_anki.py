"""``factdrill export anki``: the Anki package, optionally with the
student's learning progress from the review store.

The package itself is built by :mod:`factdrill.exporters.anki`; this
command adds what only the command layer may join: the store's schedules
and answers (``--with-progress``), turned into the exporter's plain types.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import home_option

if TYPE_CHECKING:
    from ..exporters.anki import Baseline, CardProgress
    from ..generators.itemdb import DeckItems
    from ..study.store import Store


@click.command("anki")
@click.argument("decks", nargs=-1)
@click.option("-o", "--output", "out_dir", type=click.Path(),
              help="The .apkg file for one deck, or a folder for DECK.apkg files (default: exports/).")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Seed for option order and distractors (fixed: reproducible files).")
@click.option("--previous", type=click.Path(dir_okay=False, exists=True),
              help="Earlier export to continue from (default: the file being replaced).")
@click.option("--with-progress", is_flag=True,
              help="Include your schedules and review history (for Anki's"
                   " 'Import any learning progress').")
@home_option
def command(decks: tuple[str, ...], out_dir: str, seed: int, previous: str | None,
            with_progress: bool, home: str | None) -> None:
    """Write one Anki package (.apkg) per deck (default: the flagship deck).

    \b
    Re-importing into Anki updates the notes whose facts changed and keeps
    review history; unchanged notes (and your own edits to them) are left
    alone. Export over the previous file (or name it with --previous) so
    changed notes come out newer than the ones students already have.
    --with-progress adds what you studied here: in Anki tick "Import any
    learning progress" and each card you know is due on the same day as in
    factdrill, with its reviews in Anki's statistics (docs/anki.md).
    Examples:
        factdrill export anki -o exports
        factdrill export anki --with-progress -o ~/Desktop
    """
    from ..errors import FactdrillError

    try:
        _export(decks, out_dir, seed, previous, with_progress, home)
    except FactdrillError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from None


def _export(decks: tuple[str, ...], out_dir: str, seed: int, previous: str | None,
            with_progress: bool, home: str | None) -> None:
    from ..errors import ExportError
    from ..exporters import anki

    base = anki.read_baseline(Path(previous)) if previous else None
    if base is not None and len(decks) > 1:
        raise ExportError("--previous names one earlier export: export one deck at a time")
    views = anki._open(decks, seed)
    try:
        for view in views:
            _export_one(view, views, out_dir, base, home, with_progress)
    finally:
        for view in views:
            view.close()


def _export_one(view: DeckItems, views: list[DeckItems], out_dir: str, base: Baseline | None,
                home: str | None, with_progress: bool) -> None:
    from ..exporters import anki
    from ..exporters.outputs import file_target, folder_target
    from ..generators.cache import gc_paused
    from ..terminal import printable

    deck = view.head
    if len(views) > 1:
        folder, name = folder_target(out_dir or "exports", what="an Anki export of several decks writes"), None
    else:
        target = file_target(out_dir, f"{deck.id}.apkg", what="an Anki package", default_dir="exports",
                             suffixes=(".apkg",))
        assert target is not None
        folder, name = target.parent, target.name
    if with_progress:
        progress = _store_progress(home, deck.id)
        with gc_paused(freeze=True):
            full, items = view.deck(), view.all_items()
        res = anki.export_deck(full, items, folder, baseline=base, progress=progress, file_name=name)
    else:  # the notes kept in the items database: no item unpickled when none changed
        progress = None
        res = anki.export_view(view, folder, baseline=base, file_name=name)
    shown = printable(str(folder / res.path.name), one_line=True)
    counts = f"{res.notes} notes, {res.cards} cards ({res.new} new, {res.changed} changed)"
    line = f"{shown}: {counts}"
    click.echo(line if len(line) <= 80 else f"{shown}:\n  {counts}")
    if not res.continued and res.notes:
        # every note starts again at the first version: Anki keeps a
        # student's copy of a note that is as new or newer, so changes
        # in this file would never reach what students already imported
        from ..terminal import wrap

        click.echo(wrap(
            f"warning: no earlier export at {shown} (and no --previous): if students imported one "
            "before, they will not get these changes; export over the file you gave them, or name "
            "it with --previous.", 80, subsequent_indent="  "), err=True)
    if progress is not None:
        studied = sum(1 for p in progress.values() if p.state != "new")
        click.echo(f"  progress: {studied} studied cards -> {res.scheduled} Anki cards"
                   f" scheduled, {res.answers} reviews")


def _store_progress(home: str | None, deck_id: str) -> dict[str, CardProgress]:
    """Every card of the deck in the store, with its answers (see exporter)."""
    from ..study.store import Store

    with Store.open(home) as store:
        return progress_of(store, deck_id)


def progress_of(store: Store, deck_id: str) -> dict[str, CardProgress]:
    """The store's cards of a deck as the exporter's :class:`CardProgress`."""
    from ..exporters.anki import Answer, CardProgress

    answers: dict[str, list[Answer]] = {}
    for rv in store.reviews(deck_id):
        answers.setdefault(rv.card_id, []).append(Answer(
            at=rv.reviewed_at, rating=rv.rating, item_id=rv.item_id, elapsed_ms=rv.elapsed_ms,
            state_before=rv.before.state, state_after=rv.after.state, due_after=rv.after.due,
            practice=rv.practice,
        ))  # fmt: skip
    return {
        s.card_id: CardProgress(
            state=s.state, due=s.due, stability=s.stability, difficulty=s.difficulty, step=s.step,
            last_review=s.last_review, suspended=s.suspended,
            answers=tuple(answers.get(s.card_id, ())),
        )  # fmt: skip
        for s in store.cards(deck_id)
    }
