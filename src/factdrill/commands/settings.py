"""``factdrill settings [DECK]``: see and change a deck's remembered settings.

The same settings the drill remembers from ``--new``, ``--retention`` and
``--exam-date`` (:mod:`factdrill.study.settings`), shown with where the
review history is; changed values are checked before anything is stored.
"""

from __future__ import annotations

import click

from .options import home_option, open_store


@click.command()
@click.argument("deck", required=False, metavar="[DECK]")
@click.option("--new", "new_limit", type=int, metavar="N", help="New cards a day (0 pauses new cards).")
@click.option("--retention", type=float, metavar="R", help="Desired retention, 0.7-0.99 (0.9 is usual).")
@click.option("--exam-date", metavar="YYYY-MM-DD", help="The coming exam's date ('off' clears it).")
@click.option("--reset", is_flag=True, help="Forget them all: 20 new a day, retention 0.9, no exam date.")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@home_option
def settings(deck, new_limit, retention, exam_date, reset, as_json, home):
    """Show or change DECK's remembered study settings.

    DECK is a deck name or path (default: the bundled deck). The drill
    shows them in its banner and 'factdrill stats' lists them; the drill's
    own --new, --retention and --exam-date change them too.

    \b
    Examples:
        factdrill settings
        factdrill settings --new 10 --exam-date 2027-05-14
        factdrill settings --exam-date off
    """
    import json

    from ..study.session import utcnow
    from ..study.settings import DEFAULT_NEW, DEFAULT_RETENTION, KEEP, parse_exam_date, save_settings
    from .stats import _deck_or_id

    today = utcnow().astimezone().date()
    when = KEEP if exam_date is None else parse_exam_date(exam_date, today=today)
    if reset and (new_limit is not None or retention is not None or exam_date is not None):
        raise click.UsageError("--reset forgets every setting: give it alone")
    with open_store(home) as store:
        deck_id, _loaded = _deck_or_id(deck, store)
        if reset:
            new_limit, retention, when = DEFAULT_NEW, DEFAULT_RETENTION, None
        current = save_settings(store, deck_id, new_per_day=new_limit, retention=retention, exam_date=when,
                                today=today)
        path = store.path
    changed = reset or any(v is not None for v in (new_limit, retention, exam_date))
    if as_json:
        click.echo(json.dumps({
            "deck": deck_id, "new_per_day": current.new_per_day, "retention": current.retention,
            "exam_date": current.exam_date.isoformat() if current.exam_date else None,
            "own_parameters": current.own_parameters, "store": str(path),
        }, indent=2))  # fmt: skip
        return
    click.echo(f"{'Saved' if changed else 'Settings'} for {deck_id}:")
    click.echo(f"  new cards a day  {current.new_per_day}")
    click.echo(f"  retention        {current.retention:g}")
    click.echo(f"  exam             {current.exam_phrase(today)}")
    model = "your own parameters ('factdrill optimize')" if current.own_parameters else "FSRS defaults"
    click.echo(f"  scheduler        {model}")
    click.echo(f"  history          {path}")
    if not changed:
        click.echo("Change with --new, --retention, --exam-date (see --help).")
