"""Writing deck YAML that a person will go on editing by hand.

``factdrill draft`` and ``factdrill import`` write decks from text that came
from anywhere (articles, card sets), so every scalar must read back as
exactly the text it was made from, whatever it holds: colons, ``#``, quotes,
``yes``, leading dashes, numbers, control characters. Each text is written
in the most readable style that provably round-trips: plain, else folded
(``>-``, for long text), else double-quoted. "Provably" is literal: the
chosen form is parsed back with the safe loader and compared, so a YAML rule
this module forgot costs readability, never correctness.

:func:`dump` writes nested dicts and lists in block style; a :class:`Comment`
key writes a ``#`` line, so generated files can say where things came from.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

WIDTH = 80
_LOADER = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
# Characters written as escapes: outside YAML's "printable" set, or line breaks
# YAML would fold (NEL, LS, PS) inside quotes.
_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


@dataclass(frozen=True)
class Comment:
    """A ``# text`` line, used as a key of a mapping given to :func:`dump`."""

    text: str


def clean(text: str) -> str:
    """``text`` that a UTF-8 YAML file can hold: lone surrogates become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _reads_back(source: str, text: str, flow: bool = False) -> bool:
    """Whether ``key: SOURCE`` (``key: [SOURCE]`` in a flow list) loads as exactly
    ``text`` with libyaml and pure PyYAML alike (they disagree on a few corner
    cases, such as tabs in plain text)."""
    document, want = (f"k: [{source}]\n", [text]) if flow else (f"k: {source}\n", text)
    for safe_loader in dict.fromkeys((_LOADER, yaml.SafeLoader)):
        reader = safe_loader(document)
        try:
            loaded = reader.get_single_data()
        except yaml.YAMLError:
            return False
        finally:
            reader.dispose()
        if not (isinstance(loaded, dict) and loaded.get("k") == want):
            return False
    return True


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (always valid, never pretty)."""
    body = json.dumps(clean(text), ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def scalar(text: str, *, indent: int = 0, flow: bool = False, room: int = WIDTH) -> str:
    """``text`` as the value part of ``key: VALUE``, reading back unchanged.

    ``room`` is what is left of the line after the key; a longer text in
    block context is folded onto lines indented by ``indent + 2``.
    """
    text = clean(text)
    plain_ok = (text and text == text.strip() and "\n" not in text and "\t" not in text
                and not _UNPRINTABLE.search(text))
    if plain_ok and not (flow and _FLOW_UNSAFE.search(text)):
        if (flow or len(text) <= room) and _reads_back(text, text, flow):
            return text
    if not flow and plain_ok and "  " not in text and "\t" not in text and len(text) > room:
        pad = " " * (indent + 2)
        lines = textwrap.wrap(
            text, WIDTH - len(pad), break_long_words=False, break_on_hyphens=False
        )
        folded = ">-\n" + "\n".join(pad + line for line in lines)
        if _reads_back(folded, text):
            return folded
    return quoted(text)


def _value(value: Any, indent: int, room: int, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return scalar(str(value), indent=indent, flow=flow, room=room)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool))


def dump(data: Mapping[Any, Any], indent: int = 0) -> str:
    """``data`` (dicts, lists, texts, numbers, flags) as block YAML lines.

    ``None`` values are left out; a list of texts is written ``[a, b]`` when
    it fits on the line, else one ``- a`` per line.
    """
    return "".join(line + "\n" for line in _mapping_lines(data, indent))


def _mapping_lines(data: Mapping[Any, Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if isinstance(key, Comment):
            out.append(f"{pad}# {' '.join(clean(key.text).split())}")
            continue
        if value is None:
            continue
        head = f"{pad}{key}:"
        if _is_scalar(value):
            out.append(f"{head} {_value(value, indent, WIDTH - len(head) - 1)}")
        elif isinstance(value, Mapping):
            out.append(head)
            out.extend(_mapping_lines(value, indent + 2))
        elif isinstance(value, Sequence):
            out.extend(_sequence_lines(head, list(value), indent))
        else:
            raise TypeError(f"cannot write {type(value).__name__} as YAML")
    return out


def _sequence_lines(head: str, items: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    if not items:
        return [f"{head} []"]
    if all(_is_scalar(v) for v in items):
        flow = "[" + ", ".join(_value(v, indent, WIDTH, flow=True) for v in items) + "]"
        if len(head) + 1 + len(flow) <= WIDTH and "\n" not in flow:
            return [f"{head} {flow}"]
        out = [head]
        for v in items:
            out.append(f"{pad}  - {_value(v, indent + 2, WIDTH - indent - 4)}")
        return out
    out = [head]
    for v in items:
        if not isinstance(v, Mapping):
            raise TypeError("a list must hold only texts or only mappings")
        lines = _mapping_lines(v, indent + 4)
        first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
        # Comments stay above the entry; its first key goes on the '- ' line.
        out.extend(f"{pad}  {line.lstrip()}" for line in lines[:first])
        out.append(f"{pad}  - {lines[first][indent + 4:]}")
        out.extend(lines[first + 1 :])
    return out
