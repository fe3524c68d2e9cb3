"""Safe, bounded reading of one YAML file into a node tree with line/column marks.

The loader validates decks on PyYAML *nodes* (not constructed Python
objects) so every message can point at the exact line and column a value was
written. This module does the risky part: it refuses oversized, binary and
non-UTF-8 files before parsing, parses with the safe loader only (libyaml's
``CSafeLoader`` when available), and after composing walks the node graph
once to refuse what PyYAML would otherwise accept silently or dangerously:

* alias expansion beyond :data:`MAX_ALIAS_NODES` extra nodes ("billion
  laughs") or :data:`MAX_ALIAS_CHARS` extra characters (one big anchored
  text used many times), and recursive aliases - computed on the shared
  node graph with memoisation, so refusing a bomb costs time linear in what
  was *written*;
* explicitly tagged values that are not of their tag (``!!bool maybe``,
  ``!!timestamp not-a-date``), which PyYAML keeps as a string;
* duplicate mapping keys (PyYAML keeps the last one without a word);
* tags other than the plain YAML types (``!!python/object`` and friends).

Nothing here raises for bad input: every finding becomes a :class:`Problem`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from .facts import Location
from .files import MAX_FILE_BYTES
from .problems import Problem

# Aliases may add at most this many nodes beyond those written in the file:
# generous for real reuse of anchors, tiny next to a billion-laughs document.
MAX_ALIAS_NODES = 100_000
# ...and at most this many characters of text: a 1 MB anchored text used by
# 1,500 facts is 1,500 nodes but 1.5 GB once every fact holds it.
MAX_ALIAS_CHARS = 1_000_000

_LOADER = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
MERGE = _TAG + "merge"
_ALLOWED_TAGS = frozenset(
    _TAG + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp", "value")
)

Node = yaml.Node
ScalarNode = yaml.ScalarNode
SequenceNode = yaml.SequenceNode
MappingNode = yaml.MappingNode


def loc_of(file: str, node: Node) -> Location:
    """The 1-based location where ``node`` starts."""
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def _problem(file: str, line: int, col: int, message: str) -> Problem:
    return Problem(Location(file, line, col), "error", message)


def _refused(file: str, data: bytes, offset: int, message: str) -> tuple[None, list[Problem], bytes]:
    """The read result for a file refused before parsing, located at byte ``offset``."""
    line, col = _line_col(data, offset)
    return None, [_problem(file, line, col, message)], data


def _line_col(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    nl = "\n" if isinstance(text, str) else b"\n"
    line = text.count(nl, 0, offset) + 1  # type: ignore[arg-type]
    start = text.rfind(nl, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - start + 1


def read_yaml(path: Path, file: str, folder: Path | None = None) -> tuple[Node | None, list[Problem], bytes]:
    """Compose the single YAML document of ``path`` into a checked node tree.

    ``file`` is the name used in problem locations; ``folder`` the deck
    folder the file belongs to (a link out of it is refused). Returns the root node
    (``None`` when the file cannot be used, or holds no document at all,
    which comes with no problem so the caller can say what the file should
    have held), the problems found, and the raw bytes (for content hashes).
    """
    from ..safeio import FileRefused
    from .files import read_deck_file

    try:
        data = read_deck_file(path, folder)
    except FileRefused as exc:
        return None, [_problem(file, 1, 1, str(exc))], b""
    except OSError as exc:
        return None, [_problem(file, 1, 1, f"cannot read the file: {exc.strerror or exc}")], b""
    nul = data.find(b"\0")
    if nul >= 0:
        return _refused(file, data, nul, "binary file, not YAML text (NUL byte here); a deck is a UTF-8 text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _refused(
            file, data, exc.start,
            f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} here); save it with UTF-8 encoding",
        )
    node, problems = compose_text(text, file)
    return node, problems, data


def compose_text(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Compose YAML ``text`` (see :func:`read_yaml`); never raises for bad input."""
    loader = None
    try:
        loader = _LOADER(text)  # the pure-Python reader checks characters here
        if not loader.check_node():
            return None, []
        root = loader.get_node()
        if loader.check_node():
            second = loader.get_node()
            line, col = second.start_mark.line + 1, second.start_mark.column + 1
            return None, [
                _problem(
                    file,
                    line,
                    col,
                    "a second YAML document starts here; a deck file holds exactly one "
                    "(remove the '---' line or split the file)",
                )
            ]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(file, exc)]
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position)
        return None, [
            _problem(
                file,
                line,
                col,
                f"character U+{_code_point(exc.character):04X} is not allowed in YAML; "
                "delete it or write it as an escape in a double-quoted string",
            )
        ]
    except yaml.YAMLError as exc:  # other libyaml failures carry no mark
        return None, [_problem(file, 1, 1, f"invalid YAML: {exc}")]
    except RecursionError:  # pure-Python composer on absurdly deep nesting
        return None, [_problem(file, 1, 1, "nesting is too deep; a deck needs only a few levels")]
    finally:
        dispose = getattr(loader, "dispose", None) if loader is not None else None
        if dispose is not None:
            dispose()
    # Without '*' there is no alias, so no node is shared: a plain walk will do.
    problems, usable = check_graph(root, file, may_alias="*" in text)
    return (root if usable else None), problems


def _code_point(character: int | str) -> int:
    """libyaml reports a code point, the pure-Python reader a one-character string."""
    return character if isinstance(character, int) else ord(character[:1] or "\0")


def _syntax_problem(file: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "syntax error").strip()
    if "maximum nesting depth" in problem:
        return _problem(file, line, col, "nesting is too deep; a deck needs only a few levels")
    context = f" ({exc.context.strip()})" if exc.context else ""
    if "tab character" in problem or "'\\t'" in problem:
        hint = "indent with spaces, never tabs"
    else:
        hint = "check the indentation, and quote text that contains ': ' or ' #'"
    return _problem(file, line, col, f"invalid YAML: {problem}{context}; {hint}")


def children(node: Node) -> Iterator[Node]:
    """Direct child nodes: list entries, or keys and values of a mapping."""
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def check_graph(root: Node, file: str, *, may_alias: bool = True) -> tuple[list[Problem], bool]:
    """Refuse alias bombs and recursive aliases; report bad tags and duplicate keys.

    Returns the problems and whether the tree is safe to walk (no bomb, no
    cycle); duplicate keys and bad tags leave it walkable.

    One iterative depth-first pass over *distinct* nodes (aliases share node
    objects), memoising each node's expanded size, so cost is linear in the
    written document however far its aliases would expand.
    """
    problems: list[Problem] = []
    if not may_alias:
        todo = [root]
        while todo:
            node = todo.pop()
            _check_node(node, file, problems)
            todo.extend(children(node))
        return problems, True
    expanded: dict[int, int] = {}
    chars: dict[int, int] = {}  # characters of text under a node, aliases expanded
    written = 0  # characters of text written in the file (each scalar once)
    on_path: set[int] = set()
    _check_node(root, file, problems)
    stack: list[tuple[Node, Iterator[Node]]] = [(root, children(root))]
    on_path.add(id(root))
    while stack:
        node, todo = stack[-1]
        child = next(todo, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            # Capped so sizes of a bomb stay small integers.
            total = 1 + sum(expanded[id(c)] for c in children(node))
            expanded[id(node)] = min(total, 10 * MAX_ALIAS_NODES + len(expanded) + 1)
            if isinstance(node, ScalarNode):
                chars[id(node)] = len(node.value)
                written += len(node.value)
            else:
                text = sum(chars[id(c)] for c in children(node))
                chars[id(node)] = min(text, 10 * (MAX_ALIAS_CHARS + MAX_FILE_BYTES))
            continue
        cid = id(child)
        if cid in on_path:
            problems.append(
                Problem(
                    loc_of(file, child),
                    "error",
                    "this collection contains an alias of itself (a recursive alias); "
                    "write the data out instead",
                )
            )
            return problems, False
        if cid in expanded:
            continue
        on_path.add(cid)
        _check_node(child, file, problems)
        stack.append((child, children(child)))
    extra = expanded[id(root)] - len(expanded)
    if extra > MAX_ALIAS_NODES:
        problems.append(
            Problem(
                loc_of(file, root),
                "error",
                f"anchors and aliases would expand this document by more than "
                f"{MAX_ALIAS_NODES} values (a 'YAML bomb'); refused - use fewer aliases",
            )
        )
        return problems, False
    if chars[id(root)] - written > MAX_ALIAS_CHARS:
        problems.append(
            Problem(
                loc_of(file, root),
                "error",
                f"anchors and aliases would repeat more than {MAX_ALIAS_CHARS:,} characters of "
                "text (a big anchored value used many times); refused - write it once, or use "
                "fewer aliases",
            )
        )
        return problems, False
    return problems, True


def _tag_regexps() -> dict[str, list]:
    """The patterns PyYAML resolves plain scalars to each type with."""
    found: dict[str, list] = {}
    for entries in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for tag, regexp in entries:
            found.setdefault(tag, [])
            if regexp not in found[tag]:
                found[tag].append(regexp)
    found[FLOAT] = found.get(FLOAT, []) + found.get(INT, [])  # !!float 1 is the float 1.0
    return found


_TYPED: dict[str, list] = {}
_EXAMPLES = {
    BOOL: "true or false",
    INT: "a whole number",
    FLOAT: "a number",
    NULL: "null",
    TIMESTAMP: "a date such as 2024-05-01",
}


def _wrong_type(node: ScalarNode) -> bool:
    """Whether an explicitly tagged scalar does not read as its tag's type.

    Untagged scalars get their type from these same patterns, so only an
    explicit tag (``!!bool maybe``) can fail; PyYAML would keep it as text
    and, say, a ``reverse: !!bool maybe`` would silently mean false.
    """
    if not _TYPED:
        _TYPED.update(_tag_regexps())
    patterns = _TYPED.get(node.tag)
    if not patterns:
        return False
    if not any(p.match(node.value) for p in patterns):
        return True
    if node.tag == TIMESTAMP:  # the pattern allows month 13
        from yaml.constructor import SafeConstructor

        try:
            SafeConstructor().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return True
    return False


def _check_node(node: Node, file: str, problems: list[Problem]) -> None:
    if node.tag not in _ALLOWED_TAGS:
        tag = node.tag.replace(_TAG, "!!")
        problems.append(
            Problem(
                loc_of(file, node),
                "error",
                f"tag '{tag}' is not allowed; decks hold plain text, numbers, "
                "lists and mappings (remove the tag)",
            )
        )
    elif isinstance(node, ScalarNode) and node.tag != STR and _wrong_type(node):
        tag = node.tag.replace(_TAG, "!!")
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        problems.append(
            Problem(
                loc_of(file, node),
                "error",
                f"'{value}' is not a valid {tag} value; write {_EXAMPLES.get(node.tag, 'a value of that type')}"
                " or remove the tag",
            )
        )
    if not isinstance(node, MappingNode):
        return
    seen: dict[str, Node] = {}
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            problems.append(
                Problem(
                    loc_of(file, key),
                    "error",
                    "a mapping key must be plain text, not a list or mapping",
                )
            )
            continue
        if key.tag == MERGE:
            targets = value.value if isinstance(value, SequenceNode) else [value]
            if not all(isinstance(t, MappingNode) for t in targets):
                problems.append(
                    Problem(
                        loc_of(file, value),
                        "error",
                        "a '<<' merge key needs an alias of a mapping (or a list of them)",
                    )
                )
            continue
        first = seen.get(key.value)
        if first is not None:
            problems.append(
                Problem(
                    loc_of(file, key),
                    "error",
                    f"duplicate key '{key.value}' (first at line {first.start_mark.line + 1}); "
                    "YAML would keep only the last one, so remove or rename one",
                )
            )
        else:
            seen[key.value] = key


def mapping_pairs(node: MappingNode) -> list[tuple[ScalarNode, Node]]:
    """Key/value pairs of a mapping with ``<<`` merge keys applied.

    Explicit keys win over merged ones; among merged mappings the first
    wins, as in YAML 1.1. Bad merge values and non-text keys are skipped
    here (``check_graph`` or the caller reports them).
    """
    explicit: list[tuple[ScalarNode, Node]] = []
    merged: list[tuple[ScalarNode, Node]] = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        if key.tag == MERGE:
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for src in sources:
                if isinstance(src, MappingNode):
                    merged.extend(mapping_pairs(src))
            continue
        explicit.append((key, value))
    seen = {k.value for k, _ in explicit}
    out = list(explicit)
    for key, value in merged:
        if key.value not in seen:
            seen.add(key.value)
            out.append((key, value))
    return out
