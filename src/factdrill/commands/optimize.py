"""``factdrill optimize``: fit FSRS to the student's own review log.

Thin wiring over :mod:`factdrill.study.optimize` (the fit and the held-out
comparison) and :mod:`factdrill.study.params` (where the deck's parameters
are kept).
"""

from __future__ import annotations

import click

from .options import home_option


@click.command()
@click.argument("deck", required=False)
@click.option("--reset", is_flag=True, help="Forget fitted parameters; schedule with the defaults again.")
@home_option
def optimize(deck: str | None, reset: bool, home: str | None) -> None:
    """Fit the scheduler to your memory, from your own review history.

    FSRS starts with parameters fitted to many people; once you have 400
    reviews it can learn from, it can fit yours. The fit is tested on your
    most recent reviews, which it did not see, against the parameters in
    use; the new ones are kept only when they predict you better. With no
    DECK, the bundled flagship deck.

    \b
    Examples:
        factdrill optimize
        factdrill optimize --reset
    """
    from datetime import datetime, timezone

    from ..study.optimize import fit_parameters, training_items
    from ..study.params import Fitted, load_fitted, save_fitted
    from ..study.store import Store
    from .stats import _deck_or_id

    with Store.open(home) as store:
        deck_id, _loaded = _deck_or_id(deck, store)
        if reset:
            had = load_fitted(store, deck_id) is not None
            save_fitted(store, deck_id, None)
            click.echo(f"{deck_id}: " + ("back to FSRS's default parameters." if had
                                         else "already on FSRS's default parameters."))
            return
        current = load_fitted(store, deck_id)
        items = training_items(store.reviews(deck_id))
        click.echo(f"Fitting FSRS to {len(items)} reviews of {deck_id}...")
        fit = fit_parameters(items, current=current.parameters if current else None)
        click.echo(f"Tested on your {fit.held_out} latest reviews, which each fit did not see:")
        click.echo("                   log loss    RMSE  (lower is better)")
        for name, ev in (("FSRS defaults", fit.default), ("fitted to you", fit.fitted)):
            click.echo(f"  {name:<15} {ev.log_loss:9.4f}  {ev.rmse * 100:5.1f}%")
        if fit.current_all is not None and fit.new_all is not None and current is not None:
            click.echo(f"On all {fit.items} reviews: yours of {current.fitted_at[:10]}"
                       f" {fit.current_all.log_loss:.4f}, refitted {fit.new_all.log_loss:.4f}.")
        if not fit.better:
            click.echo("Not better than the parameters in use: nothing changed.")
            return
        save_fitted(store, deck_id, Fitted(
            parameters=fit.parameters, fitted_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            reviews=fit.items, log_loss=fit.fitted.log_loss, default_log_loss=fit.default.log_loss,
        ))  # fmt: skip
        click.echo("Better: saved. The drill, plan and stats now use your parameters")
        click.echo("('factdrill optimize --reset' goes back to the defaults).")
        _show_for_anki(fit.parameters)


def _show_for_anki(parameters: tuple[float, ...]) -> None:
    """The parameters as Anki's FSRS parameters box takes them."""
    import textwrap

    click.echo("For Anki (deck options, FSRS section, FSRS parameters):")
    text = ", ".join(f"{p:.4f}" for p in parameters)
    click.echo(textwrap.fill(text, 78, initial_indent="  ", subsequent_indent="  "))
