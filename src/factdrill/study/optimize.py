"""Fitting FSRS to one student's memory: ``factdrill optimize``.

The fitting, the evaluation and the loss functions are fsrs-rs's (the Rust
FSRS that Anki itself uses, through ``fsrs-rs-python``; no PyTorch). This
module turns the review log into FSRS training items the way Anki does
(rslib ``scheduler/fsrs/params.rs``): per card, its scheduled answers from
its first one on, with the whole days between answers; every answer on a
later day than the one before it is one item (the history up to it).

Whether fitting is better is decided on reviews the fit did not see: a
time-series split (the items in time order, cut into ``FOLDS + 1`` blocks;
each fold fits on the blocks before one and tests on it) gives held-out log
loss and RMSE for the defaults and for fitting. Parameters fitted on the
whole log are stored only when fitting beats the defaults there and, when
the deck already has fitted parameters, when the new ones also predict the
whole log at least as well as those (Anki's rule; both have seen most of
it, so neither is held out).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import UsageProblem
from .cards import Review

MIN_ITEMS = 400
"""Reviews FSRS can learn from below which fitting is refused (Anki asks for
400 too: its optimizer is unreliable on less)."""
FOLDS = 5


class NotEnoughHistory(UsageProblem):
    """Too few reviews to fit parameters (a usage problem: exit 2, one line)."""


@dataclass(frozen=True)
class TrainingItem:
    """One answer with the card's history up to it: (rating, days since the
    previous answer) pairs, the first with 0 days."""

    at: datetime
    card: str
    reviews: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Evaluation:
    """How well parameters predict recall: lower is better for both."""

    log_loss: float
    rmse: float


@dataclass(frozen=True)
class Fit:
    """The outcome of :func:`fit_parameters`."""

    items: int  # FSRS items (answers on a later day) in the log
    held_out: int  # items the split tested on
    default: Evaluation  # held out
    fitted: Evaluation  # fitting on the past, tested on the future
    parameters: tuple[float, ...]  # fitted on the whole log
    current_all: Evaluation | None = None  # the deck's fitted parameters on the whole log
    new_all: Evaluation | None = None  # ``parameters`` on the whole log

    @property
    def better(self) -> bool:
        """Fitting beats the defaults on held-out answers, and the new fit is
        no worse than the deck's current one on the whole log."""
        if self.fitted.log_loss >= self.default.log_loss:
            return False
        if self.current_all is None or self.new_all is None:
            return True
        return self.new_all.log_loss <= self.current_all.log_loss


def training_items(reviews: Iterable[Review]) -> list[TrainingItem]:
    """The FSRS training items of a review log, oldest last answer first.

    Cram answers are left out (they change no schedule), and so are cards
    whose first logged answer is not their first ever (a partial history
    says nothing about how the card was learned). Days are the student's
    local calendar days, as the daily queue counts them.
    """
    by_card: dict[tuple[str, str], list[Review]] = {}
    for rv in reviews:
        if not rv.practice:
            by_card.setdefault((rv.deck_id, rv.card_id), []).append(rv)
    items: list[TrainingItem] = []
    for (_deck, card), log in by_card.items():
        log.sort(key=lambda r: (r.reviewed_at, r.id))
        if log[0].before.state != "new":
            continue
        history: list[tuple[int, int]] = []
        prev = None
        for rv in log:
            day = rv.reviewed_at.astimezone().date()
            delta = 0 if prev is None else (day - prev).days
            history.append((int(rv.rating), delta))
            prev = day
            if len(history) > 1 and delta > 0:
                items.append(TrainingItem(rv.reviewed_at, card, tuple(history)))
    items.sort(key=lambda it: (it.at, it.card))
    return items


def _fsrs_rs() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise UsageProblem(
            "fitting FSRS needs fsrs-rs-python; install it with: pip install 'factdrill[optimize]'"
        ) from None
    return fsrs_rs_python


def _to_rs(items: Sequence[TrainingItem]) -> list[Any]:
    rs = _fsrs_rs()
    return [rs.FSRSItem([rs.FSRSReview(r, d) for r, d in it.reviews]) for it in items]


def _evaluate(parameters: Sequence[float], items: list[Any]) -> Evaluation:
    rs = _fsrs_rs()
    ev = rs.FSRS(list(parameters)).evaluate(items)
    return Evaluation(float(ev.log_loss), float(ev.rmse_bins))


def _fit(items: list[Any]) -> tuple[float, ...]:
    """fsrs-rs's optimizer on ``items``, clamped to what the scheduler accepts."""
    from .params import clamp_to_bounds

    rs = _fsrs_rs()
    return clamp_to_bounds(rs.FSRS(rs.DEFAULT_PARAMETERS).compute_parameters(items))


def _weighted(parts: list[tuple[int, Evaluation]]) -> Evaluation:
    total = sum(n for n, _ in parts) or 1
    return Evaluation(
        sum(n * e.log_loss for n, e in parts) / total, sum(n * e.rmse for n, e in parts) / total
    )


def fit_parameters(
    items: Sequence[TrainingItem], *, current: Sequence[float] | None = None
) -> Fit:
    """Fit FSRS to ``items`` and compare it with the defaults and ``current``
    on a time-series split (see module doc). Raises NotEnoughHistory below
    :data:`MIN_ITEMS`."""
    if len(items) < MIN_ITEMS:
        raise NotEnoughHistory(
            f"optimize needs {MIN_ITEMS} reviews it can learn from (answers on a later day"
            f" than the card's previous one); you have {len(items)}, so {MIN_ITEMS - len(items)}"
            " more. Nothing was changed: the drill keeps its parameters."
        )
    from .params import default_parameters

    rs_items = _to_rs(items)
    defaults = default_parameters()
    n = len(rs_items)
    cuts = [n * k // (FOLDS + 1) for k in range(1, FOLDS + 2)]
    fitted_parts, default_parts = [], []
    for lo, hi in zip(cuts, cuts[1:]):
        train, test = rs_items[:lo], rs_items[lo:hi]
        if not test:
            continue
        fitted_parts.append((len(test), _evaluate(_fit(train), test)))
        default_parts.append((len(test), _evaluate(defaults, test)))
    parameters = _fit(rs_items)
    return Fit(
        items=n,
        held_out=sum(k for k, _ in fitted_parts),
        default=_weighted(default_parts),
        fitted=_weighted(fitted_parts),
        parameters=parameters,
        current_all=None if current is None else _evaluate(current, rs_items),
        new_all=None if current is None else _evaluate(parameters, rs_items),
    )
