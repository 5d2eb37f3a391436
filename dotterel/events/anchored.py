"""DependencyMatcher patterns, evaluated from a candidate trigger outwards.

The codebook's patterns are spaCy DependencyMatcher patterns, and tests check that this
module finds what `spacy.matcher.DependencyMatcher` finds. We do not run spaCy's matcher
itself at coding time because it tries every pattern against every sentence: with the ~600
entries of the codebook it cost about eight times the parse per article. Here each token
is looked up once by lemma, and only the entries whose trigger word it is are tried,
starting from that token, on the document's attributes read once with `Doc.to_array`.

Supported: node attributes LEMMA, LOWER, ORTH, TAG, POS, DEP, ENT_TYPE (a value, or a dict
with IN / NOT_IN) and the operators ">" (child), "<" (head), ">>" (descendant) and "<<"
(ancestor). The first node of every pattern is the trigger and must name its LEMMA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

from dotterel.errors import CodebookError

Pattern = tuple[dict[str, Any], ...]
ATTRIBUTES = {"LEMMA": LEMMA, "LOWER": LOWER, "ORTH": ORTH, "TAG": TAG, "POS": POS, "DEP": DEP, "ENT_TYPE": ENT_TYPE}
COLUMN = {name: i for i, name in enumerate(ATTRIBUTES)}
OPERATORS = (">", "<", ">>", "<<")


class DocView:
    """A parsed document as rows of attribute ids, read in one call."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        table = doc.to_array([*ATTRIBUTES.values(), HEAD]).astype("int64").tolist()
        self.rows = [row[:-1] for row in table]
        self.heads = [i + row[-1] for i, row in enumerate(table)]
        self.children: list[list[int]] = [[] for _ in table]
        for i, head in enumerate(self.heads):
            if head != i:
                self.children[head].append(i)

    def related(self, i: int, operator: str) -> list[int]:
        if operator == ">":
            return self.children[i]
        if operator == "<":
            return [self.heads[i]] if self.heads[i] != i else []
        if operator == ">>":
            return self._descendants(i)
        return self._ancestors(i)

    def _descendants(self, i: int) -> list[int]:
        out, todo = [], list(self.children[i])
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(self.children[j])
        return sorted(out)

    def _ancestors(self, i: int) -> list[int]:
        out = []
        while self.heads[i] != i:
            i = self.heads[i]
            out.append(i)
        return out


def signed_id(value: int) -> int:
    """String ids as `to_array` gives them once read as int64."""
    return value - (1 << 64) if value >= 1 << 63 else value


@dataclass(frozen=True)
class Test:
    """One attribute test of a node, on string ids."""

    column: int
    allowed: frozenset[int] | None
    refused: frozenset[int]

    def __call__(self, row: list[int]) -> bool:
        value = row[self.column]
        return (self.allowed is None or value in self.allowed) and value not in self.refused


def _ids(values: Any) -> frozenset[int]:
    return frozenset(signed_id(get_string_id(str(v))) for v in (values if isinstance(values, list) else [values]))


def compile_node(attrs: dict[str, Any]) -> tuple[Test, ...]:
    tests = []
    for name, wanted in attrs.items():
        if isinstance(wanted, dict):
            allowed = _ids(wanted["IN"]) if "IN" in wanted else None
            tests.append(Test(COLUMN[name], allowed, _ids(wanted.get("NOT_IN", []))))
        else:
            tests.append(Test(COLUMN[name], _ids(wanted), frozenset()))
    return tuple(tests)


@dataclass(frozen=True)
class CompiledPattern:
    """A pattern's nodes in order: (name, left node position, operator, tests)."""

    names: tuple[str, ...]
    links: tuple[tuple[int, str], ...]  # for nodes 1..n: (position of the left node, operator)
    tests: tuple[tuple[Test, ...], ...]


def compile_pattern(pattern: Pattern, where: str) -> CompiledPattern:
    """Check a pattern and turn it into tests on string ids; refuse what this module cannot do."""
    if not pattern or pattern[0].get("RIGHT_ID") != "trigger" or "LEMMA" not in pattern[0].get("RIGHT_ATTRS", {}):
        raise CodebookError(f"{where}: a pattern's first node must be `trigger` with a LEMMA.")
    names = [node["RIGHT_ID"] for node in pattern]
    links = []
    for node in pattern[1:]:
        if node.get("REL_OP") not in OPERATORS or node.get("LEFT_ID") not in names[: names.index(node["RIGHT_ID"])]:
            raise CodebookError(
                f"{where}: node {node.get('RIGHT_ID')!r} needs an operator (> < >> <<) and an earlier LEFT_ID."
            )
        links.append((names.index(node["LEFT_ID"]), node["REL_OP"]))
    unknown = {key for node in pattern for key in node.get("RIGHT_ATTRS", {})} - set(ATTRIBUTES)
    if unknown:
        raise CodebookError(f"{where}: unsupported token attribute(s) {sorted(unknown)} in a pattern.")
    tests = tuple(compile_node(node.get("RIGHT_ATTRS", {})) for node in pattern)
    return CompiledPattern(tuple(names), tuple(links), tests)


def trigger_lemmas(pattern: Pattern) -> list[str]:
    value = pattern[0]["RIGHT_ATTRS"]["LEMMA"]
    return list(value["IN"]) if isinstance(value, dict) else [value]


def holds(view: DocView, i: int, tests: tuple[Test, ...]) -> bool:
    row = view.rows[i]
    return all(test(row) for test in tests)


def match_at(view: DocView, trigger: int, pattern: CompiledPattern) -> list[int] | None:
    """Token indices for the pattern's nodes, in order, with node 0 at `trigger`; None if no match.

    The caller has checked the trigger node's own tests.
    """
    return _extend(view, pattern, [trigger])


def _extend(view: DocView, pattern: CompiledPattern, bound: list[int]) -> list[int] | None:
    position = len(bound)
    if position == len(pattern.names):
        return bound
    left, operator = pattern.links[position - 1]
    for candidate in view.related(bound[left], operator):
        if candidate not in bound and holds(view, candidate, pattern.tests[position]):
            found = _extend(view, pattern, [*bound, candidate])
            if found is not None:
                return found
    return None
