"""Lists of an article -> ``set`` candidates.

Two shapes are read:

* a bulleted or numbered list right after a paragraph: the paragraph's last
  sentence is the lead ("Symptoms of brain metastases often include:"), which
  names the set, and each item gives a member (its label, its short text,
  or the subject of its first sentence when the item is a whole sentence);
* a comma list in a sentence after a cue word ("including the bones, colon,
  liver and lungs", "such as A, B, and C"), with at least three short items.

A list introduced by "include", "such as", "some", "other"... is only
examples, so the set is written ``complete: false``; a lead about symptoms
or signs fills ``signs_of`` with what they are signs of. A list under a
heading with no lead (a FAQ) is not a set.
"""

from __future__ import annotations

import re

from ..facts import FactKind
from .blocks import BlockKind
from .candidates import Body, Candidate, lower_first, squash, study_years

_CUE = re.compile(
    r"\s*\b(?:(?:can|may|might|often|usually|commonly|typically|also)\s+)*"
    r"(?:include|includes|included|including|are|were|is|was|such as|consist of|consists of|"
    r"involve|involves|the following)\b.*$",
    re.I,
)
_VAGUE = re.compile(r"\b(?:they|these|those|ones|it|this|them|following|list)\b", re.I)
_ARTICLES = frozenset("a an the".split())
_PARTIAL = re.compile(
    r"\b(?:include|includes|including|such as|some|other|e\.g\.|for example|examples|may|can|"
    r"often|several|like|might|common|commonly)\b",
    re.I,
)
_SUBJECT = re.compile(
    r"^(?P<s>.+?)\s+(?:is|are|was|were|can|may|might|will|should|include|includes|has|have|"
    r"help|helps|work|works|involve|involves|use|uses|refer|refers|reduce|reduces|improve|"
    r"improves|treat|treats|cause|causes)\b"
)
_ADVERB = re.compile(r"^(?:sometimes|often|usually|also|then|however|generally|typically|in some cases),?\s+", re.I)
_LIST_CUE = re.compile(r"\b(?:including|include|includes|such as|being|like)\s+|:\s+", re.I)
_ETC = re.compile(r"^(?:and |or )?(?:more|others|other \w+|etc\.?|so on|many more|the like)$", re.I)
_PARENS = re.compile(r"\s*\([^()]*\)")


def member(text: str) -> str | None:
    """The member an item names: its label, its short text or its sentence's subject."""
    text = _PARENS.sub("", text).strip()
    label = re.match(r"([^:]{1,60}):\s+\S", text)
    if label and len(label.group(1).split()) <= 6:
        return lower_first(label.group(1).strip())
    plain = text.rstrip(".;,")
    if len(plain.split()) <= 6 or (len(plain.split()) <= 10 and not text.endswith(".")):
        return lower_first(plain) if plain else None
    m = _SUBJECT.match(plain)
    if m:
        subject = _ADVERB.sub("", m.group("s")).strip(" ,")
        if 0 < len(subject.split()) <= 8:
            return lower_first(subject)
    return None


def set_name(lead: str, topic_title: str) -> str:
    """A name for the set a lead sentence introduces (the topic when the lead is vague)."""
    text = _PARENS.sub("", lead).strip().rstrip(":.").strip()
    text = re.sub(r"^(?:if|when|while|because)\b[^,]*,\s*", "", text, flags=re.I)
    head = _CUE.sub("", text).strip(" ,")
    head = re.sub(r"^(?:some|many|most|several|all) of\s+", "", head, flags=re.I)
    topic = topic_phrase(topic_title)
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", head) if not _VAGUE.fullmatch(w)]
    content = [w for w in words if w.casefold() not in _ARTICLES]
    if not head or _VAGUE.search(head) or len(content) < 2:
        words = words if content else []
        head = " ".join(words)
        return f"{topic}: {lower_first(head)}" if words else f"list under {topic}"
    return lower_first(head)


def signs_of(lead: str, topic_title: str) -> str | None:
    """What a list of symptoms or signs points to, when its lead says it lists them."""
    if not re.search(r"\b(?:symptoms?|signs?)\b", lead, re.I):
        return None
    m = re.search(r"\b(?:symptoms?|signs?)\s+of\s+([a-z][\w -]{2,60}?)(?=\s+(?:often|may|can|might|include|are|is|usually)\b|[,.:]|$)", lead, re.I)
    return (m.group(1) if m else topic_phrase(topic_title)).strip()


def topic_phrase(title: str) -> str:
    """A heading as words in a sentence: "Liver Metastases" -> "liver metastases" (acronyms kept)."""
    return " ".join(lower_first(w) for w in title.split())


def _fields(name: str, members: list[str], complete: bool, signs: str | None) -> dict:
    fields = {"name": name, "members": members, "complete": complete}
    if signs:
        fields["signs_of"] = signs
    return fields


def _dedupe(members: list[str | None]) -> list[str]:
    seen: set[str] = set()
    out = []
    for m in members:
        if not m:
            continue
        key = " ".join(m.casefold().split())
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def extract(body: Body, topic_of: list[str], titles: dict[str, str]) -> list[Candidate]:
    """Set candidates from the body's bulleted lists and comma lists."""
    return _bulleted(body, topic_of, titles) + _comma_lists(body, topic_of, titles)


def _bulleted(body: Body, topic_of: list[str], titles: dict[str, str]) -> list[Candidate]:
    blocks = body.blocks()
    lists: dict[int, list[int]] = {}
    for i, b in blocks:
        if b.kind is BlockKind.ITEM and not b.nested:
            lists.setdefault(b.list_no, []).append(i)
    out: list[Candidate] = []
    for idx in lists.values():
        first = idx[0]
        before = body.doc.blocks[first - 1] if first > 0 else None
        if before is None or before.kind is not BlockKind.PARAGRAPH:
            continue  # no lead sentence: a FAQ or a list of links, not a set
        lead_sents = body.sentences(first - 1)
        if not lead_sents:
            continue
        lead = lead_sents[-1].text
        topic = titles.get(topic_of[first], "")
        items = [body.sentences(i)[0].text if body.sentences(i) else body.doc.blocks[i].text for i in idx]
        members = _dedupe([member(t) for t in items])
        if len(members) < 2:
            continue
        skipped = len(items) - len(members)
        note = "list read from the article: check the name and the members"
        if skipped:
            note += f"; {skipped} item(s) gave no short member"
        cites = tuple(dict.fromkeys(c for i in [first - 1, *idx] for s in body.sentences(i) for c in s.cites))
        quote = squash(lead + " " + "; ".join(items))
        context = " ".join(s.text for s in lead_sents[-2:])
        out.append(Candidate(
            FactKind.SET, "set " + set_name(lead, topic),
            _fields(set_name(lead, topic), members, not _PARTIAL.search(lead), signs_of(lead, topic)),
            lead_sents[-1].line, quote[:600], first, cites=cites, years=study_years(context), note=note,
        ))
    return out


def _comma_lists(body: Body, topic_of: list[str], titles: dict[str, str]) -> list[Candidate]:
    out: list[Candidate] = []
    for index, _b in body.text_blocks():
        for s in body.sentences(index):
            for cue in _LIST_CUE.finditer(s.text):
                tail = _PARENS.sub("", s.text[cue.end():])
                tail = re.split(r"\)|;|\.(?:\s|$)|\s—\s|—", tail, maxsplit=1)[0]
                parts = [p.strip() for p in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", _PARENS.sub("", tail))]
                parts = [p for p in parts if p]
                complete = True
                while parts and _ETC.match(parts[-1]):
                    parts.pop()
                    complete = False
                if len(parts) < 3 or any(len(p.split()) > 5 for p in parts) or "," not in tail:
                    continue
                members = _dedupe([lower_first(re.sub(r"^the\s+", "", p.rstrip("."), flags=re.I)) for p in parts])
                if len(members) < 3:
                    continue
                head = s.text[: cue.start()].rstrip(" (,")
                head = head[head.rfind("(") + 1:] if head.count("(") > head.count(")") else head
                head = head.rsplit(", ", 1)[-1]  # the clause the list belongs to
                name = set_name(head, titles.get(topic_of[index], "")) if head else "listed items"
                complete = complete and not _PARTIAL.search(cue.group())
                out.append(Candidate(
                    FactKind.SET, "set " + name, _fields(name, members, complete, None),
                    s.line, s.text, index, cites=s.cites, years=study_years(s.text),
                    note="comma list read from a sentence: check the name and the members",
                ))
                break  # one list per sentence
    return out
