"""``factdrill plan``: how many new cards a day get a deck ready for an exam.

Thin wiring over :mod:`factdrill.study.plan` (the simulation) and
:mod:`factdrill.study.plan_view` (the table and chart).
"""

from __future__ import annotations

import click

from .options import home_option, open_store


def _rates(text: str | None) -> list[int] | None:
    from ..errors import UsageProblem

    if text is None:
        return None
    try:
        rates = sorted({int(x) for x in text.replace(" ", "").split(",") if x})
    except ValueError:
        raise UsageProblem(f"--rates {text!r}: give whole numbers separated by commas, e.g. 5,10,20") from None
    if not rates or any(r < 0 or r > 100_000 for r in rates):
        raise UsageProblem(f"--rates {text!r}: give new cards a day from 0 to 100000, e.g. 5,10,20")
    return rates


@click.command()
@click.argument("deck", required=False)
@click.option("--exam-date", metavar="YYYY-MM-DD",
              help="The exam day (default: the one remembered for the deck; remembered).")
@click.option("--rates", metavar="N,N,...", help="New-cards-a-day choices to compare (default: a few around what covers the deck).")
@click.option("--minutes", type=click.FloatRange(min=1, max=1440), metavar="M",
              help="Daily study time you can give; the recommendation keeps within it.")
@click.option("--apply", "apply_", is_flag=True, help="Use the recommended new cards a day in the drill from now on.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the simulation (same seed, same plan).")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@home_option
def plan(deck, exam_date, rates, minutes, apply_, seed, as_json, home):
    """Plan new cards a day so the deck is learned by an exam.

    Simulates the days to the exam with the drill's own scheduling (your
    fitted parameters once 'factdrill optimize' found them) for a few
    new-cards-a-day choices, and shows for each the share of the deck you
    would remember on the exam day and the daily reviews and minutes. It
    recommends the lightest choice within 2 points of the best; --apply
    makes the drill use it. With no DECK, the bundled flagship deck.

    \b
    Examples:
        factdrill plan --exam-date 2027-05-14
        factdrill plan --exam-date 2027-05-14 --minutes 20 --apply
    """
    import json
    import sys

    from ..errors import UsageProblem
    from ..study.params import load_fitted
    from ..study.plan import Settings, candidate_rates, evaluate_option, habits_from_log, recommend
    from ..study.plan_view import plan_json, render_plan
    from ..study.stats import Look
    from ..terminal import use_color, width
    from .drill import _settings
    from .stats import _deck_or_id, _now

    now = _now()
    with open_store(home) as store:
        # sync: so a deck not yet drilled has its new cards to plan for
        deck_id, loaded = _deck_or_id(deck, store, sync=True)
        saved = _settings(store, deck_id, exam=exam_date)  # a past date is refused before it is stored
        exam = saved.exam_date
        if exam is None:
            raise UsageProblem("no exam date: give one with --exam-date YYYY-MM-DD")
        today = now.astimezone().date()
        if exam <= today:
            raise UsageProblem(f"the exam date {exam.isoformat()} is not after today; give a later --exam-date")
        retention = saved.retention
        fitted = load_fitted(store, deck_id)
        settings = Settings(exam=exam, retention=retention, parameters=fitted.parameters if fitted else None)
        cards = [c for c in store.cards(deck_id) if not c.suspended]
        if not cards:
            raise UsageProblem(f"deck {deck_id} has no cards to plan for")
        habits = habits_from_log(store.reviews(deck_id))
        current = saved.new_per_day
        introduced = store.new_introduced_today(deck_id, now=now)
        new_cards = sum(1 for c in cards if c.state == "new")
        choices = _rates(rates) or candidate_rates(new_cards, (exam - today).days, current)
        options = [
            evaluate_option(cards, r, settings=settings, now=now, habits=habits,
                            introduced_today=introduced, seed=seed)
            for r in choices
        ]  # fmt: skip
        chosen = recommend(options, minutes)
        if apply_:
            store.set_setting(deck_id, "new_per_day", str(chosen.new_per_day))
    meta = dict(deck=deck_id, exam=exam.isoformat(), cards=len(cards), new_cards=new_cards,
                fitted_parameters=fitted is not None)
    if as_json:
        click.echo(json.dumps(plan_json(options, chosen, **meta), indent=2))
        return
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    look = Look(width=width(sys.stdout), color=use_color(sys.stdout), unicode="utf" in encoding)
    title = f"{loaded.title} ({deck_id})" if loaded else deck_id
    click.echo(render_plan(options, chosen, title=title, exam=exam, today=today, cards=len(cards),
                           new_cards=new_cards, own_model=fitted is not None, own_habits=habits.own,
                           look=look))
    if minutes is not None and chosen.minutes_avg > minutes:
        click.echo(f"No choice fits {minutes:g} minutes a day; this is the lightest.")
    if apply_:
        click.echo(f"Applied: the drill introduces {chosen.new_per_day} new cards a day.")
    elif chosen.new_per_day != current:
        click.echo(f"You now take {current} new a day; --apply switches to {chosen.new_per_day}.")
