"""What one fact's items were built from: dependencies for incremental generation.

:class:`TrackingContext` is the generators' :class:`~.common.Context` that
records, while one *unit* (one fact, one item kind) is generated, every
piece of the deck the generator read besides the fact itself:

====================  =========================================================
key                   what was read (and the value recorded for it)
====================  =========================================================
``f FACT``            another fact's content (a digest of its fields)
``s KIND FACT CAP``   the sibling list of a fact (the ids, in order)
``w WORD``            a word's count in the term definitions (``term_word_df``)
``p TEXT``            whether a text is one of the deck's true statements
``g FINDING``         the sign sets listing a finding (ids, in order)
``c``                 the words common to many set names
``n KIND``            how many facts of a kind the deck has
``K KIND``            every fact of a kind (a generator iterated them all)
``D``                 the whole deck (``ctx.deck.facts`` and friends)
``m NAME FACT``       the value of a memoised helper (see :func:`memo`)
====================  =========================================================

After an edit, only units whose recorded keys now have other values are
generated again (:mod:`.incremental`); the rest keep their items. Nothing
about a generator has to be declared: the context sees what it hands out.
The deck's metadata (id, topics, synonyms, scenario wording) is not tracked:
a change to it regenerates everything.

:func:`memo` is the one explicit API: a helper ``fn(ctx, fact)`` whose value
many units read (the telling words of a term) becomes a node of its own, so
a change to what it read (a word count) reaches the units only when the
helper's value really changes ("early cutoff").
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import pickle
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import fields
from typing import Any, Callable, TypeVar

from ..deck.facts import Deck, Fact, FactKind
from .common import SIBLING_CAP, Context

SEP = "\x1f"
# Context memo tables that hold deck-wide values (aggregates over all facts, or
# functions of one fact's content or of the deck's metadata): kept from one
# unit to the next. Every other memo table is emptied before each unit, so a
# value computed for one unit is never reused by another without its reads.
PERSISTENT = frozenset({"topic_words", "topic_names", "common_set_words", "sign_index", "plain", "term_df", "plains"})

MEMOS: dict[str, Callable[[Any, Fact], Any]] = {}
T = TypeVar("T")


def memo(fn: Callable[[Any, Fact], T]) -> Callable[[Any, Fact], T]:
    """Memoise ``fn(ctx, fact)`` per fact for one generation run.

    Under a :class:`TrackingContext` the value is a dependency node: units
    reading it record ``m NAME FACT`` and its value, and the helper's own
    reads are kept with it, so an edit reaches the units only when the
    helper's value changes. ``fn`` must be a pure function of what it reads
    through ``ctx`` and of ``fact``.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    MEMOS[name] = fn

    @functools.wraps(fn)
    def wrapper(ctx: Any, fact: Fact) -> T:
        node = getattr(ctx, "memo_value", None)
        if node is not None:
            return node(name, fn, fact)
        table = ctx._cache.setdefault(name, {})
        if fact.id not in table:
            table[fact.id] = fn(ctx, fact)
        return table[fact.id]

    return wrapper


def memo_function(name: str) -> Callable[[Any, Fact], Any] | None:
    """The memoised helper registered as ``name`` (``module.qualname``),
    importing its module if no one has yet (generator modules are imported
    on first use); None if no such helper exists any more."""
    fn = MEMOS.get(name)
    if fn is None and name.startswith(f"{__package__}."):
        module = name
        while fn is None and "." in module:
            module = module.rsplit(".", 1)[0]
            try:
                importlib.import_module(module)
            except ImportError:  # a module renamed or gone since the node was stored
                continue
            fn = MEMOS.get(name)
    return fn


def fact_digest(fact: Fact) -> str:
    """A digest of what a fact says (its compared fields: not where it was
    written, not its draft mark), the same in every process (facts hold only
    text, numbers, flags, enums and tuples of them: their pickle is canonical)."""
    cls = type(fact)
    names = _COMPARED.get(cls)
    if names is None:
        # the class names the kind (an enum pickles slowly)
        names = _COMPARED[cls] = tuple(f.name for f in fields(fact) if f.compare and f.name != "kind")
    values = (cls.__name__,) + tuple(getattr(fact, n) for n in names)
    return hashlib.sha1(pickle.dumps(values, protocol=4)).hexdigest()[:20]


_COMPARED: dict[type, tuple[str, ...]] = {}


def value_digest(value: Any) -> str:
    """A digest of a value that does not depend on set order or hash seeds."""
    return hashlib.sha1(_canon(value).encode()).hexdigest()[:20]


def _canon(v: Any) -> str:
    if isinstance(v, (set, frozenset)):
        return "{" + ",".join(sorted(_canon(x) for x in v)) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(_canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "<" + ",".join(sorted(f"{_canon(k)}:{_canon(x)}" for k, x in v.items())) + ">"
    return repr(v)


def ids(facts: Sequence[Fact]) -> str:
    return SEP.join(f.id for f in facts)


class NeedMore(Exception):
    """A context built from some kinds of facts was asked about another kind
    (``kinds``; None: the whole deck): build it again with them."""

    def __init__(self, kinds: set[str] | None) -> None:
        super().__init__(kinds)
        self.kinds = kinds


class _UnitCache(dict):
    """``Context._cache``: deck-wide tables survive :meth:`reset`, the rest do not."""

    def reset(self) -> None:
        for key in [k for k in self if k not in PERSISTENT]:
            del self[key]


def _tracked_index(attr: str) -> property:
    """A context index that generators read through a recording view while
    a unit is generated (the base class sets it as a plain attribute)."""

    def get(self: "TrackingContext") -> Any:
        raw = self.__dict__[attr]
        return _KindLists(raw, self) if self.recording else raw

    def put(self: "TrackingContext", value: Any) -> None:
        self.__dict__[attr] = value

    return property(get, put)


class TrackingContext(Context):
    """A generation context that records what each unit reads.

    Use :meth:`unit` around the generation of one fact's items of one kind;
    it yields the dict of keys read (see the module docstring). Outside a
    unit nothing is recorded and the context behaves as its base class.
    """

    def __init__(self, deck: Deck, seed: int = 0, digests: Mapping[str, str] | None = None,
                 *, kinds: frozenset[str] | None = None) -> None:
        # ``kinds``: the deck's facts of these kinds only are in ``deck``; any
        # look at another kind raises NeedMore
        self.kinds = kinds
        self._frames: list[dict[str, str]] = []
        self._quiet = 0  # > 0 while the base class works on its own indexes
        self._noting: set[str] | None = None
        self.inputs: dict[str, set[str]] = {}  # aggregate family -> fact kinds it read
        super().__init__(deck, seed)
        self._cache = _UnitCache(self._cache)
        self.__dict__["_by_kind"] = _NotingIndex(self.__dict__["_by_kind"], self)
        self.__dict__["_by_kind_topic"] = _NotingIndex(self.__dict__["_by_kind_topic"], self)
        self._digests: dict[str, str] = dict(digests or {})
        self._memo: dict[str, dict[str, tuple[Any, str]]] = {}  # name -> fact -> (value, digest)
        self.memo_deps: dict[tuple[str, str], dict[str, str]] = {}  # memo nodes computed, not yet stored
        self._shared_values: dict[str, dict[str, tuple[Any, dict[str, str]]]] = {}

    def has_kind(self, kind: str) -> bool:
        """Whether facts of ``kind`` (a FactKind value) are in this context."""
        return self.kinds is None or kind in self.kinds

    def need(self, kind: Any) -> None:
        """Raise NeedMore unless facts of ``kind`` are in this context."""
        value = kind.value if isinstance(kind, FactKind) else kind
        if self.kinds is not None and value not in self.kinds:
            raise NeedMore({value})

    # -- recording ---------------------------------------------------------

    @contextmanager
    def unit(self, fact: Fact) -> Iterator[dict[str, str]]:
        """Record the reads of one unit of ``fact`` (fresh per-unit memo tables);
        the fact's own content is the first of them."""
        self._cache.reset()
        frame: dict[str, str] = {"f" + SEP + fact.id: self.digest(fact)}
        self._frames.append(frame)
        try:
            yield frame
        finally:
            self._frames.pop()

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Let the base class read its indexes without recording."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @property
    def recording(self) -> bool:
        return bool(self._frames) and not self._quiet

    def _rec(self, key: str, value: str) -> None:
        if self.recording:
            self._frames[-1][key] = value

    def digest(self, fact: Fact) -> str:
        d = self._digests.get(fact.id)
        if d is None:
            d = self._digests[fact.id] = fact_digest(fact)
        return d

    def _rec_fact(self, fact: Fact) -> None:
        if self.recording:
            self._frames[-1]["f" + SEP + fact.id] = self.digest(fact)

    def _rec_facts(self, facts: Sequence[Fact]) -> None:
        if self.recording:
            frame = self._frames[-1]
            for f in facts:
                frame["f" + SEP + f.id] = self.digest(f)

    # -- what generators read ------------------------------------------------

    def siblings(self, fact: Fact, cap: int = SIBLING_CAP) -> list[Fact]:
        with self.quiet():
            out = super().siblings(fact, cap)
        if self.recording:
            self._rec(SEP.join(("s", fact.kind.value, fact.id, str(cap))), ids(out))
            self._rec_facts(out)
        return out

    def _aggregate(self, family: str, compute: Callable[[], T]) -> T:
        """A deck-wide value from the base class, noting which fact kinds it
        reads (an edit to other kinds cannot change it)."""
        outer, self._noting = self._noting, set()
        try:
            with self.quiet():
                value = compute()
            self.inputs.setdefault(family, set()).update(self._noting)
        finally:
            self._noting = outer
        return value

    def term_word_df(self):  # type: ignore[override]
        return _Counts(self._aggregate("w", super().term_word_df), self)

    def known_term_word_df(self, df: Any) -> None:
        """Start from word counts kept from an earlier run (None: count them
        here); they must be what the base class would count over this
        context's terms."""
        if df is not None:
            self._cache["term_df"] = df

    def computed_term_word_df(self) -> Any:
        """The term word counts of this run, if anything asked for them."""
        return self._cache.get("term_df")

    def statement_plains(self) -> set[str]:
        return _Members(self._aggregate("p", super().statement_plains), self)  # type: ignore[return-value]

    def sign_sets_listing(self, finding: str):  # type: ignore[override]
        out = self._aggregate("g", lambda: super(TrackingContext, self).sign_sets_listing(finding))
        if self.recording:
            self._rec("g" + SEP + finding, ids(out))
            self._rec_facts(out)
        return out

    def common_set_words(self) -> set[str]:
        words = self._aggregate("c", super().common_set_words)
        self._rec("c", value_digest(words))
        return words

    def similar_sets(self, fact):  # type: ignore[override]
        return self._shared("similar_sets", fact, super().similar_sets)

    def _head(self, fact):  # type: ignore[override]
        return self._shared("head", fact, super()._head)

    def _framed(self, fact: Fact, compute: Callable[[], T]) -> tuple[T, dict[str, str]]:
        """``compute()`` with its reads recorded in a frame of their own
        (starting from ``fact`` itself), even inside a quiet stretch."""
        frame: dict[str, str] = {"f" + SEP + fact.id: self.digest(fact)}
        self._frames.append(frame)
        quiet, self._quiet = self._quiet, 0
        try:
            return compute(), frame
        finally:
            self._quiet = quiet
            self._frames.pop()

    def _shared(self, name: str, fact: Fact, compute: Callable[[Fact], T]) -> T:
        """A per-fact helper of the base class computed once per run and
        shared by every unit that asks, each of which records its reads (the
        reads are kept with the value and replayed into the asking unit)."""
        table = self._shared_values.setdefault(name, {})
        hit = table.get(fact.id)
        if hit is None:
            hit = table[fact.id] = self._framed(fact, lambda: compute(fact))
        if self.recording:
            self._frames[-1].update(hit[1])
        return hit[0]

    def plain(self, fact):  # type: ignore[override]
        self._rec_fact(fact)
        with self.quiet():
            return super().plain(fact)

    def memo_digest(self, name: str, fact_id: str) -> str:
        """The value digest of a memo node computed in this run."""
        return self._memo[name][fact_id][1]

    def memo_value(self, name: str, fn: Callable[[Any, Fact], Any], fact: Fact) -> Any:
        """The memoised ``fn(self, fact)``; the unit records its value, not its reads."""
        table = self._memo.setdefault(name, {})
        hit = table.get(fact.id)
        if hit is None:
            value, frame = self._framed(fact, lambda: fn(self, fact))
            hit = table[fact.id] = (value, value_digest(value))
            self.memo_deps[(name, fact.id)] = frame
        self._rec(SEP.join(("m", name, fact.id)), hit[1])
        return hit[0]

    # the indexes themselves: tracked when a generator reads them directly

    by_kind = _tracked_index("_by_kind")  # type: ignore[assignment]
    by_kind_topic = _tracked_index("_by_kind_topic")  # type: ignore[assignment]

    @property
    def deck(self) -> Deck:  # type: ignore[override]
        raw = self.__dict__["_deck"]
        return _DeckView(raw, self) if self.recording else raw  # type: ignore[return-value]

    @deck.setter
    def deck(self, value: Deck) -> None:
        self.__dict__["_deck"] = value


class _NotingIndex(dict):
    """The context's own index by kind: notes the kinds an aggregate reads."""

    def __init__(self, raw: Mapping[Any, list[Fact]], ctx: TrackingContext) -> None:
        super().__init__(raw)
        self._ctx = ctx

    def __missing__(self, key: Any) -> list[Fact]:
        value = self[key] = []
        return value

    def __getitem__(self, key: Any) -> list[Fact]:
        kind = key if isinstance(key, FactKind) else key[0]
        self._ctx.need(kind)
        noting = self._ctx._noting
        if noting is not None:
            noting.add(kind.value)
        return super().__getitem__(key)


class _Recorded:
    """A view of one of the context's indexes: what a generator reads
    through it is recorded; anything read whole (iterated, counted, or an
    attribute the view does not know) makes the unit depend on all of it."""

    def __init__(self, inner: Any, ctx: TrackingContext) -> None:
        self._inner, self._ctx = inner, ctx

    def __getattr__(self, name: str) -> Any:
        self._ctx._rec("D", "")
        return getattr(self._inner, name)

    def __iter__(self):
        self._ctx._rec("D", "")
        return iter(self._inner)

    def __len__(self) -> int:
        self._ctx._rec("D", "")
        return len(self._inner)


class _Counts(_Recorded):
    """``term_word_df()`` as generators see it: each count read is recorded."""

    def get(self, word: str, default: Any = None) -> Any:
        n = self._inner.get(word)
        self._ctx._rec("w" + SEP + word, str(n or 0))
        return default if n is None else n

    def __getitem__(self, word: str) -> int:
        n = self._inner.get(word, 0)  # a Counter: missing words count 0
        self._ctx._rec("w" + SEP + word, str(n))
        return n

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None


class _Members(_Recorded):
    """``statement_plains()`` as generators see it: each membership test is recorded."""

    def __contains__(self, text: object) -> bool:
        found = text in self._inner
        self._ctx._rec("p" + SEP + str(text), "1" if found else "0")
        return found


class _KindLists(_Recorded):
    """``ctx.by_kind`` / ``ctx.by_kind_topic`` read by a generator directly."""

    def __getitem__(self, key: Any) -> "_FactList":
        self._ctx.need(key if isinstance(key, FactKind) else key[0])
        return _FactList(self._inner.get(key, []), key, self._ctx)

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self._inner else default


class _FactList(Sequence):
    """One index list: its length is a dependency of its own, its facts another."""

    def __init__(self, facts: list[Fact], key: Any, ctx: TrackingContext) -> None:
        self._facts, self._ctx = facts, ctx
        self._key = key.value if isinstance(key, FactKind) else SEP.join(getattr(k, "value", k) for k in key)

    def __len__(self) -> int:
        self._ctx._rec("n" + SEP + self._key, str(len(self._facts)))
        return len(self._facts)

    def _all(self) -> None:
        self._ctx._rec("K" + SEP + self._key, value_digest([self._ctx.digest(f) for f in self._facts]))
        self._ctx._rec_facts(self._facts)

    def __getitem__(self, i):  # type: ignore[override]
        self._all()
        return self._facts[i]

    def __iter__(self):
        self._all()
        return iter(self._facts)


class _DeckView:
    """``ctx.deck`` read by a generator: its metadata freely, its facts as a whole."""

    _WHOLE = frozenset({"facts", "fact", "facts_of"})

    def __init__(self, deck: Deck, ctx: TrackingContext) -> None:
        self._deck, self._ctx = deck, ctx

    def __getattr__(self, name: str) -> Any:
        if name in self._WHOLE:
            if self._ctx.kinds is not None:
                raise NeedMore(None)
            self._ctx._rec("D", "")
        return getattr(self._deck, name)


# -- the value of a key in a (new) context ---------------------------------------


def key_values(ctx: TrackingContext, keys: Sequence[str], facts: Mapping[str, Fact]) -> list[str | None]:
    """What each of ``keys`` reads in ``ctx`` now (None: no such fact any
    more), to compare with the values recorded when units were generated.
    ``m`` keys are the updater's to recompute (they have reads of their own)."""
    aggregates: dict[str, Any] = {}
    with ctx.quiet():
        return [_key_value(ctx, key, facts, aggregates) for key in keys]


def _key_value(ctx: TrackingContext, key: str, facts: Mapping[str, Fact], aggregates: dict[str, Any]) -> str | None:
    kind, _, rest = key.partition(SEP)
    if kind in ("w", "p", "c") and kind not in aggregates:  # each computed once for all its keys
        aggregates[kind] = (ctx.term_word_df()._inner if kind == "w" else ctx.statement_plains()._inner if kind == "p"
                            else value_digest(ctx.common_set_words()))
    if kind == "f":
        fact = facts.get(rest)
        return None if fact is None else ctx.digest(fact)
    if kind == "s":
        fkind, fid, cap = rest.split(SEP)
        ctx.need(fkind)
        fact = facts.get(fid)
        if fact is None or fact.kind.value != fkind:
            return None
        return ids(ctx.siblings(fact, int(cap)))
    if kind == "w":
        return str(aggregates["w"].get(rest, 0))
    if kind == "p":
        return "1" if rest in aggregates["p"] else "0"
    if kind == "g":
        return ids(ctx.sign_sets_listing(rest))
    if kind == "c":
        return aggregates["c"]
    if kind in ("n", "K"):
        parts = rest.split(SEP)
        ctx.need(parts[0])
        raw = ctx.__dict__["_by_kind_topic" if len(parts) > 1 else "_by_kind"]
        lookup = (FactKind(parts[0]), parts[1]) if len(parts) > 1 else FactKind(parts[0])
        facts_of = dict.get(raw, lookup, [])
        if kind == "n":
            return str(len(facts_of))
        return value_digest([ctx.digest(f) for f in facts_of])
    if kind == "D":
        if ctx.kinds is not None:
            raise NeedMore(None)
        return None  # the whole deck: any change changes it
    raise ValueError(f"not a plain key: {key!r}")
