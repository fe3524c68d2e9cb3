"""A strict GIFT reader written from Moodle's format rules, to check our exporter.

It follows ``qformat_gift::readquestion`` (moodle/moodle
question/format/gift/format.php) and the GIFT documentation: questions are
blank-line separated blocks, ``//`` lines are comments, ``$CATEGORY:`` opens a
category, ``::name::`` names a question, ``[html]`` sets the format, the
answer block is between the first unescaped ``{`` and the first unescaped
``}``, ``####`` starts general feedback, and the type is decided as Moodle
decides it (``#`` numerical, ``~`` multichoice - single if any answer uses
``=`` -, ``->`` with ``=`` matching, TRUE/FALSE, else short answer).

Stricter than Moodle where Moodle would silently import something wrong:
weights must be in Moodle's grade list, a multi-answer question's positive
weights must sum to 100 %, a single-answer one needs exactly one ``=``,
matching needs at least two pairs, and text left over after ``}`` is refused.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

ESCAPES = {"\\\\": "\x00BS", "\\~": "\x00TI", "\\=": "\x00EQ", "\\#": "\x00HA",
           "\\{": "\x00LB", "\\}": "\x00RB", "\\:": "\x00CO", "\\n": "\x00NL"}
UNESCAPE = {"\x00BS": "\\", "\x00TI": "~", "\x00EQ": "=", "\x00HA": "#",
            "\x00LB": "{", "\x00RB": "}", "\x00CO": ":", "\x00NL": "\n"}

# question_bank::fraction_options_full(), as percentages
GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
          16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0]


class GiftError(ValueError):
    pass


@dataclass
class Answer:
    text: str
    weight: float  # percent
    feedback: str = ""


@dataclass
class Question:
    qtype: str  # multichoice, multichoice_multi, truefalse, numerical, shortanswer, matching, essay
    name: str
    text: str
    fmt: str
    category: str | None
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""
    truth: bool | None = None
    tf_feedback: tuple[str, str] = ("", "")
    numeric: list[tuple[float, float]] = field(default_factory=list)  # (low, high) accepted
    pairs: list[tuple[str, str]] = field(default_factory=list)


def _pre(text: str) -> str:
    for k, v in ESCAPES.items():
        text = text.replace(k, v)
    return text


def _post(text: str, fmt: str) -> str:
    for k, v in UNESCAPE.items():
        text = text.replace(k, v)
    text = text.strip()
    return html.unescape(text) if fmt == "html" else text


def _check_raw(text: str, where: str) -> None:
    """No unescaped special character may be left in a text field."""
    for c in "~={}":
        if c in text:
            raise GiftError(f"unescaped '{c}' in {where}: {text!r}")


def _weight(ans: str) -> tuple[float | None, str]:
    m = re.match(r"^%(-?)([0-9]{1,3}(?:\.[0-9]*)?)%", ans)
    if not m:
        if ans.startswith("%"):
            raise GiftError(f"bad weight in {ans!r}")
        return None, ans
    value = float(m.group(2))
    if not any(abs(value - g) < 1e-4 for g in GRADES):
        raise GiftError(f"weight {value} is not in Moodle's grade list")
    return (-value if m.group(1) else value), ans[m.end():]


def _split_feedback(ans: str) -> tuple[str, str]:
    text, _, fb = ans.partition("#")
    return text, fb


def parse(source: str) -> list[Question]:
    questions: list[Question] = []
    category = None
    blocks = re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n"))
    for block in blocks:
        lines = [ln for ln in block.split("\n") if not ln.strip().startswith("//")]
        text = "\n".join(lines).strip()
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            if "\n" in text:
                raise GiftError("a $CATEGORY line must be a block of its own")
            category = text[len("$CATEGORY:"):].strip()
            continue
        questions.append(_question(_pre(text), category))
    return questions


def _question(text: str, category: str | None) -> Question:
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise GiftError("unterminated ::name::")
        name, text = text[2:end], text[end + 2:].lstrip()
    fmt = "moodle"
    m = re.match(r"^\[(html|moodle|plain|markdown)\]", text)
    if m:
        fmt, text = m.group(1), text[m.end():]
    start = text.find("{")
    finish = text.find("}", start + 1)
    if start < 0 or finish < 0:
        raise GiftError(f"no answer block in {text[:60]!r}")
    if text.count("{") != 1 or text.count("}") != 1:
        raise GiftError(f"more than one answer block (or stray brace) in {text[:60]!r}")
    qtext = text[:start].strip()
    tail = text[finish + 1:].strip()
    if tail:
        raise GiftError(f"text after the answer block: {tail[:40]!r}")
    _check_raw(qtext, "question text")
    answertext = text[start + 1:finish].strip()
    general = ""
    if "####" in answertext:
        answertext, general = answertext.split("####", 1)
        answertext = answertext.strip()
        _check_raw(general, "general feedback")
    q = Question("", _post(name, "plain"), _post(qtext, fmt), fmt, category,
                 general_feedback=_post(general, fmt))
    flat = " ".join(answertext.split())
    if not flat:
        q.qtype = "essay"
    elif flat.startswith("#"):
        q.qtype = "numerical"
        body = flat[1:].strip()
        for part in ([body] if not body.startswith("=") else [p for p in re.split(r"\s*=", body) if p]):
            part, fb = _split_feedback(part.strip())
            _, part = _weight(part.strip())
            part = part.strip()
            rng = re.fullmatch(r"(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)", part)
            tol = re.fullmatch(r"(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?", part)
            if rng:
                lo, hi = float(rng.group(1)), float(rng.group(2))
                if lo > hi:
                    raise GiftError("numeric range min > max")
                q.numeric.append((lo, hi))
            elif tol:
                v, t = float(tol.group(1)), float(tol.group(2) or 0)
                q.numeric.append((v - t, v + t))
            else:
                raise GiftError(f"bad numeric answer {part!r}")
    elif "~" in flat:
        multi = "=" not in flat
        q.qtype = "multichoice_multi" if multi else "multichoice"
        for marker, body in re.findall(r"([=~])([^=~]*)", flat):
            wt, body = _weight(body.strip())
            body, fb = _split_feedback(body)
            _check_raw(fb, "answer feedback")
            weight = wt if wt is not None else (100.0 if marker == "=" else 0.0)
            if marker == "=" and wt is not None and wt != 100:
                raise GiftError("'=' answers are worth 100%")
            q.answers.append(Answer(_post(body, fmt), weight, _post(fb, fmt)))
        if multi:
            pos = sum(a.weight for a in q.answers if a.weight > 0)
            if abs(pos - 100) > 0.01:
                raise GiftError(f"multi-answer weights sum to {pos}%, not 100%")
        elif sum(1 for a in q.answers if a.weight == 100) != 1:
            raise GiftError("single-answer question needs exactly one '=' answer")
        if len(q.answers) < 2:
            raise GiftError("a multiple-choice question needs at least two answers")
    elif "=" in flat and "->" in flat:
        q.qtype = "matching"
        for body in [p for p in flat.split("=") if p.strip()]:
            if body.count("->") != 1:
                raise GiftError(f"matching pair needs exactly one '->': {body!r}")
            left, right = body.split("->")
            q.pairs.append((_post(left, fmt), _post(right, fmt)))
        if len(q.pairs) < 2:
            raise GiftError("matching needs at least two pairs")
    elif re.match(r"^(T|TRUE|F|FALSE)(#|$)", flat):
        q.qtype = "truefalse"
        parts = flat.split("#")
        q.truth = parts[0] in ("T", "TRUE")
        wrong = parts[1] if len(parts) > 1 else ""
        right = parts[2] if len(parts) > 2 else ""
        if len(parts) > 3:
            raise GiftError("true/false takes at most two feedbacks")
        q.tf_feedback = (_post(wrong, fmt), _post(right, fmt))
    elif flat.startswith("="):
        q.qtype = "shortanswer"
        for body in [p for p in flat.split("=") if p.strip()]:
            wt, body = _weight(body.strip())
            body, fb = _split_feedback(body)
            # a short answer is plain text compared with what the student types
            q.answers.append(Answer(_post(body, "plain"), 100.0 if wt is None else wt, _post(fb, fmt)))
    else:
        raise GiftError(f"cannot tell the question type of {flat[:40]!r}")
    return q


def shortanswer_accepts(answer: str, typed: str, *, ignorecase: bool = True) -> bool:
    """Moodle's short-answer match (qtype_shortanswer::compare_string_with_wildcard):
    an unescaped ``*`` matches anything, ``\\*`` is a literal asterisk."""
    bits = re.split(r"(?<!\\)\*+", answer)
    pattern = ".*".join(re.escape(b.replace("\\*", "*")) for b in bits)
    return re.fullmatch(pattern, typed.strip(), re.IGNORECASE if ignorecase else 0) is not None


def moodle_grade(q: Question, chosen: set[str]) -> float:
    """Moodle's multi-answer grade: sum of chosen fractions, clamped to [0, 1]."""
    total = sum(a.weight for a in q.answers if a.text in chosen) / 100
    return min(max(total, 0.0), 1.0)
