"""A small deck of made-up situations (invented conditions, so no clinical
claim is made) that gives every clinical-judgment item kind."""

from __future__ import annotations

from factdrill.deck.facts import Claim, Deck, Situation, Source, Topic

SRC = {"ref": Source(key="ref", title="A reference"), "own": Source(key="own", title="A claim's own reference")}
TOPICS = (Topic(id="skin", title="Skin"), Topic(id="blood", title="Blood"), Topic(id="drugs", title="Drugs"))


def c(text, why=None, **kw):
    return Claim(text=text, why=why, **kw)


def situation(fid, word, topic="skin", *, shared=(), nclex=None, sequence=True, **over):
    """A situation whose every content word is prefixed with ``word`` (one word,
    not hyphenated: a hyphenated word also counts by its parts, so claims
    of two situations never read alike) plus ``shared`` cues written the same way."""

    def c(text, why=None, **kw):  # noqa: F811 - the tagged form of the module's c()
        tag = lambda s: s and " ".join(f"{word}{t}" if len(t) >= 4 and t[0].isalpha() and t != word else t for t in s.split())  # noqa: E731
        return Claim(text=tag(text), why=tag(why), **{k: tag(v) if isinstance(v, str) else v for k, v in kw.items()})

    fields = dict(
        id=fid,
        topic=topic,
        sources=("ref",),
        condition=f"{word}osis",
        client=f"a client followed for {word} trouble",
        cues=(c(f"{word} rash on the elbows", sources=("own",)), c(f"{word} fever spikes"),
              c(f"{word} itching at dusk"), *(Claim(text=s) for s in shared), c(f"{word} tremor of the hands")),
        look_alikes=(c(f"plain {word} freckles", f"freckles come with no {word}osis", points_to=f"{word} freckling"),),
        expected=(c(f"steady {word} pulse", f"a steady pulse needs no {word} follow-up"),
                  c(f"calm {word} breathing", f"calm breathing needs no {word} follow-up")),
        priority=c(f"call the {word} team at once", f"{word}osis spreads within hours"),
        actions=(c(f"apply the {word} cream", f"the cream calms {word} skin"),
                 c(f"log every {word} spot", f"a log shows how the {word} spots change"),
                 c(f"give the {word} tablet", f"the tablet slows {word}osis")),
        avoid=(c(f"scratch the {word} rash", f"scratching spreads {word}osis"),
               c(f"bathe the {word} rash in hot water", f"heat inflames {word} skin")),
        sequence=(c(f"call the {word} team at once"), c(f"apply the {word} cream"), c(f"give the {word} tablet"),
                  c(f"recheck the {word} spots")) if sequence else (),
        monitor=(c(f"{word} rash size", f"a growing {word} rash means treatment is failing"),
                 c(f"{word} fever curve", f"the {word} fever should fall")),
        outcomes=(c(f"{word} rash fading"), c(f"{word} fever gone by day two")),
        teaching=(c(f"keep the {word} cream at hand", says=f"I'll keep my {word} cream at hand."),
                  c(f"report new {word} spots", says=f"I'll call about any new {word} spots."),
                  c(f"avoid hot {word} baths", says=f"I'll skip hot baths while the {word} rash lasts."),
                  c(f"take the {word} tablet each morning", says=f"I'll take my {word} tablet every morning.")),
        gaps=(c(f"The {word} rash will pass on its own.", f"{word}osis needs the team's treatment"),),
        nclex=nclex,
        explanation=f"{word.capitalize()}osis is made up for tests.",
    )
    fields.update(over)
    return Situation(**fields)


SITUATIONS = (
    situation("glorb", "glorb", shared=("dizzy spells",)),
    situation("zent", "zent", "blood", shared=("dizzy spells", "night sweats")),
    situation("quaff", "quaff", "blood", shared=("night sweats",), sequence=False),
    situation("mirrow", "mirrow", "drugs", nclex="pharmacological-and-parenteral-therapies"),
)
DECK = Deck(id="judgment-demo", title="Judgment demo", sources=SRC, topics=TOPICS, facts=SITUATIONS,
            scenario_client="a client")


def items(deck: Deck = DECK, seed: int = 0):
    from factdrill.generators import generate

    return generate(deck, seed=seed)
