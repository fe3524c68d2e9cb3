"""A deck's own FSRS parameters, kept in the store's per-deck settings.

``factdrill optimize`` fits the 21 FSRS-6 parameters to a student's review
log and saves them here only when they predict that student's recall
better than the parameters in use; the drill, the plan and the stats then
schedule and predict with them. A value that does not read back as valid
parameters (hand-edited, or from another FSRS version) is ignored, so a bad
setting never stops a student from studying: the defaults apply.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Protocol


class Settings(Protocol):
    """The part of the store this module needs (the store imports this module)."""

    def get_setting(self, deck_id: str, key: str) -> str | None: ...

    def set_setting(self, deck_id: str, key: str, value: str | None) -> None: ...

PARAMETERS_KEY = "fsrs_parameters"
PARAMETER_COUNT = 21


@dataclass(frozen=True)
class Fitted:
    """Parameters a deck uses, and what the fit that made them found."""

    parameters: tuple[float, ...]
    fitted_at: str  # ISO date-time of the fit
    reviews: int  # training reviews (FSRS items) the fit used
    log_loss: float  # held-out log loss of the fitted parameters
    default_log_loss: float  # held-out log loss of the defaults, for comparison


def default_parameters() -> tuple[float, ...]:
    """fsrs's default FSRS-6 parameters."""
    import fsrs

    return tuple(float(p) for p in fsrs.Scheduler().parameters)


def clamp_to_bounds(parameters: Any) -> tuple[float, ...]:
    """``parameters`` inside the bounds the fsrs scheduler accepts.

    The optimizer works in 32-bit floats and clamps to the same bounds, so a
    fitted value can sit a rounding error outside them.
    """
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LO
    from fsrs.scheduler import UPPER_BOUNDS_PARAMETERS as HI

    values = [float(p) for p in parameters]
    if len(values) != PARAMETER_COUNT or not all(math.isfinite(v) for v in values):
        raise ValueError(f"FSRS parameters must be {PARAMETER_COUNT} finite numbers")
    return tuple(min(max(v, lo), hi) for v, lo, hi in zip(values, LO, HI))


def load_fitted(store: Settings, deck_id: str) -> Fitted | None:
    """The deck's fitted parameters, or None (defaults) when unset or unreadable."""
    raw = store.get_setting(deck_id, PARAMETERS_KEY)
    if not raw:
        return None
    try:
        doc = json.loads(raw)
        return Fitted(
            parameters=clamp_to_bounds(doc["parameters"]),
            fitted_at=str(doc.get("fitted_at", "")),
            reviews=int(doc.get("reviews", 0)),
            log_loss=float(doc.get("log_loss", "nan")),
            default_log_loss=float(doc.get("default_log_loss", "nan")),
        )
    except (ValueError, TypeError, KeyError, RecursionError, ImportError):
        return None


def load_parameters(store: Settings, deck_id: str) -> tuple[float, ...] | None:
    """The parameters the deck schedules with; None means fsrs's defaults."""
    fitted = load_fitted(store, deck_id)
    return None if fitted is None else fitted.parameters


def save_fitted(store: Settings, deck_id: str, fitted: Fitted | None) -> None:
    """Remember fitted parameters for the deck (None goes back to the defaults)."""
    if fitted is None:
        store.set_setting(deck_id, PARAMETERS_KEY, None)
        return
    doc = {
        "parameters": [round(p, 6) for p in fitted.parameters],
        "fitted_at": fitted.fitted_at,
        "reviews": fitted.reviews,
        "log_loss": fitted.log_loss,
        "default_log_loss": fitted.default_log_loss,
    }
    store.set_setting(deck_id, PARAMETERS_KEY, json.dumps(doc))
