"""The codebook: PLOVER types and the trigger lexicon, read from YAML and compiled for spaCy.

Everything an analyst may want to read or change (which words report which event type,
in which mode, with which score) is in `dotterel/data/codebook/`; this module only reads
those files and turns each trigger entry into `DependencyMatcher` patterns. The file
formats are documented in docs/codebook.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dotterel.data import read_yaml
from dotterel.errors import CodebookError
from dotterel.events.anchored import CompiledPattern, compile_pattern

TRIGGER_WORD_KEYS = ("verbs", "nouns")
CONSTRAINT_KEYS = ("object", "particle", "prep", "prep_object", "xcomp")


@dataclass(frozen=True)
class EventType:
    name: str
    definition: str
    quad: int
    score: float
    cameo: str | None
    recipient: tuple[str, ...]
    modes: dict[str, dict[str, Any]]
    absorbs_complement: bool = False
    future_type: str | None = None  # the manual recodes a future action as this type (AGREE)
    refusal_type: str | None = None  # an act announced as not going to happen (REJECT)
    willingness_type: str | None = None  # an offer to take this step ("ready to withdraw": AGREE)
    hostile_intent_type: str | None = None  # a pledge of a conflictual act ("vowed to fight": THREATEN)
    body_withdrawal_type: str | None = None  # leaving an international body ("left the bloc": SANCTION)
    announces: bool = False  # made when said, about an act ahead ("we will retaliate" is a threat now)
    # a judgement of acts told as done: "welcomed the news that the rebels had agreed"
    reports_judged_acts: bool = False
    requires_recipient: bool = False  # the manual's "requires recipient": sanctions, aid, cooperation go to someone

    def score_for(self, mode: str | None) -> float:
        if mode and mode in self.modes and self.modes[mode].get("score") is not None:
            return float(self.modes[mode]["score"])
        return self.score


@dataclass(frozen=True)
class TriggerEntry:
    """One codebook entry: a way reporters say that an event of `type` happened."""

    id: str
    type: str
    mode: str | None
    cameo: str | None
    contexts: tuple[str, ...]
    reliability: float
    recipient: tuple[str, ...] | None
    reciprocal: bool
    negative: bool
    passive_actor: bool  # "Vietnam is committed to": with no "by" phrase the passive subject acts
    needs_actor: bool  # a common word that reports an event only when an actor does it ("allowed")
    needs_recipient: bool  # an event only when its recipient codes to a country or sector
    spoken: bool  # a judgement that is an event only in someone's words: the speaker acts
    subject_is_recipient: bool  # "the editor faces charges": the subject undergoes the act
    active_only: bool  # "was met with silence" is no meeting: the passive is an idiom
    announces: bool  # "we will keep ties with X": a promise made by saying it, not a future act
    specificity: int  # number of constraints: the more specific entry wins a shared trigger
    order: int  # position in the files, the last tie-breaker
    patterns: tuple[tuple[dict[str, Any], ...], ...] = field(repr=False, default=())  # DependencyMatcher form
    compiled: tuple[CompiledPattern, ...] = field(repr=False, default=())  # the same, ready to evaluate


@dataclass
class Codebook:
    types: dict[str, EventType]
    entries: dict[str, TriggerEntry]
    contexts: tuple[str, ...]
    frame_nouns: frozenset[str] = frozenset()  # heads under which a noun modifier is the event
    light_verbs: frozenset[str] = frozenset()  # verbs whose subject acts a nominal trigger
    willingness_words: frozenset[str] = frozenset()  # "ready to X": a cooperative X is AGREE
    refusal_words: frozenset[str] = frozenset()  # "refused to X", "failed to X": a cooperative X is REJECT
    condition_words: frozenset[str] = frozenset()  # "will pull out *unless* ...": the act is announced
    target_preps: frozenset[str] = frozenset()  # "retaliation *against* X": where else a recipient stands
    undergo_preps: frozenset[str] = frozenset()  # "came *under* attack": the subject is the recipient
    back_reference_words: frozenset[str] = frozenset()  # "*the* attack", "*that* raid": told before
    not_event_modifiers: frozenset[str] = frozenset()  # "a *heart* attack" is no act
    means_verbs: frozenset[str] = frozenset()  # "phoned X *to congratulate*": the aim is the act
    claim_nouns: frozenset[str] = frozenset()  # "claimed *responsibility* for the attack": the claimant acted
    suffer_verbs: frozenset[str] = frozenset()  # "five guards *died* in the attack": they were its target
    possibility_nouns: frozenset[str] = frozenset()  # "for *fear* of attack": a feared act, not one reported
    undergoer_nouns: frozenset[str] = frozenset()  # "the editor's *arrest*": the possessor underwent it
    aim_nouns: frozenset[str] = frozenset()  # "*talks* to resolve the dispute": the aim, not an act
    hearsay_nouns: frozenset[str] = frozenset()  # "rejected *accusations* that it was illegal": not the speaker's blame
    denial_verbs: frozenset[str] = frozenset()  # "*denied* that the raid was unlawful": likewise
    series_nouns: frozenset[str] = frozenset()  # "carried out a *series* of raids": the series carries the roles
    circumstance_marks: frozenset[str] = frozenset()  # "warned X *as* Y refused": Y's act is no part of the warning
    remedy_words: frozenset[str] = frozenset()  # "the fight against *corruption*": a kind of conduct, no act
    accord_nouns: frozenset[str] = frozenset()  # "pulled out of the *deal*": a party leaves an agreement
    toll_verbs: frozenset[str] = frozenset()  # "shelled the market, *killing* six": the attack's toll, not a second act
    not_visitors: frozenset[str] = frozenset()  # "the *tanker* arrived in port": travel, no visit

    def cameo_for(self, entry: TriggerEntry) -> str | None:
        return entry.cameo or self.types[entry.type].cameo


def _read_yaml(path: Path | Any, what: str) -> Any:
    try:
        return read_yaml(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CodebookError(f"{where}: the {what} is not valid YAML ({exc}). Fix the file and retry.") from exc
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read the {what} ({exc.strerror}).") from exc


def _data_dir() -> Any:
    return resources.files("dotterel.data").joinpath("codebook")


def load_types(path: Any = None) -> tuple[dict[str, EventType], tuple[str, ...]]:
    """The event types and the context codes."""
    data = _read_yaml(path or _data_dir().joinpath("types.yaml"), "type list")
    types = {}
    for name, spec in data["types"].items():
        types[name] = EventType(
            name=name,
            definition=str(spec.get("definition", "")).strip(),
            quad=int(spec["quad"]),
            score=float(spec["score"]),
            cameo=str(spec["cameo"]) if spec.get("cameo") is not None else None,
            recipient=tuple(spec.get("recipient") or ("dobj",)),
            modes={str(k): (v or {}) for k, v in (spec.get("modes") or {}).items()},
            absorbs_complement=bool(spec.get("absorbs_complement", False)),
            future_type=spec.get("future_type"),
            refusal_type=spec.get("refusal_type"),
            body_withdrawal_type=spec.get("body_withdrawal_type"),
            willingness_type=spec.get("willingness_type"),
            hostile_intent_type=spec.get("hostile_intent_type"),
            announces=bool(spec.get("announces", False)),
            reports_judged_acts=bool(spec.get("reports_judged_acts", False)),
            requires_recipient=bool(spec.get("requires_recipient", False)),
        )
    return types, tuple(data.get("contexts") or ())


# The top-level word lists of types.yaml, each a Codebook field of the same name.
WORD_LISTS = (
    "frame_nouns", "light_verbs", "willingness_words", "refusal_words", "condition_words", "target_preps",
    "undergo_preps", "back_reference_words", "claim_nouns", "means_verbs", "not_event_modifiers", "suffer_verbs",
    "possibility_nouns", "undergoer_nouns", "aim_nouns", "hearsay_nouns", "denial_verbs",
    "series_nouns", "toll_verbs", "circumstance_marks", "accord_nouns", "remedy_words", "not_visitors",
)  # fmt: skip


def load_word_lists(keys: tuple[str, ...], path: Any = None) -> dict[str, frozenset[str]]:
    """Several top-level word lists of types.yaml, read in one pass over the file."""
    data = _read_yaml(path or _data_dir().joinpath("types.yaml"), "type list")
    return {key: _words(data, key) for key in keys}


def load_word_list(key: str, path: Any = None) -> frozenset[str]:
    """A top-level word list of types.yaml (frame_nouns, light_verbs)."""
    return load_word_lists((key,), path)[key]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    words = data.get(key) or ()
    if not all(isinstance(word, str) for word in words):
        raise CodebookError(
            f"types.yaml: `{key}` must be a list of words; YAML reads bare on, off, yes, no as true/false, "
            "so quote them ('on')."
        )
    return frozenset(words)


def _in(values: list[str]) -> dict[str, list[str]]:
    return {"IN": [str(v) for v in values]}


def _nominal(values: list[str]) -> dict[str, list[str]]:
    """Noun lemmas, also as spaCy gives them for capitalised proper-noun uses ("the Europe Bridge")."""
    return {"IN": sorted({form for v in values for form in (str(v), str(v).capitalize())})}


def _trigger_node(spec: dict[str, Any]) -> dict[str, Any]:
    if "verbs" in spec:
        # a participle used as an adjective describes, it does not report: "the long-threatened invasion"
        attrs = {"LEMMA": _in(spec["verbs"]), "POS": "VERB", "DEP": {"NOT_IN": ["amod"]}}
    else:
        attrs = {"LEMMA": _nominal(spec["nouns"]), "POS": {"IN": ["NOUN", "PROPN"]}}
    return {"RIGHT_ID": "trigger", "RIGHT_ATTRS": attrs}


def _child(right_id: str, deps: list[str], lemmas: list[str], left: str = "trigger") -> dict[str, Any]:
    return {
        "LEFT_ID": left,
        "REL_OP": ">",
        "RIGHT_ID": right_id,
        "RIGHT_ATTRS": {"DEP": {"IN": deps}, "LEMMA": _in(lemmas)},
    }


def _constraint_nodes(spec: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = []
    if spec.get("particle"):
        nodes.append(_child("particle", ["prt", "advmod", "prep"], spec["particle"]))
    if spec.get("prep"):
        nodes.append(_child("prep", ["prep", "agent", "dative"], spec["prep"]))
        if spec.get("prep_object"):
            nodes.append(_child("prep_object", ["pobj"], spec["prep_object"], left="prep"))
        else:  # "a strike on Monday" is a date, not a target
            nodes.append(
                {
                    "LEFT_ID": "prep",
                    "REL_OP": ">",
                    "RIGHT_ID": "prep_object",
                    "RIGHT_ATTRS": {"DEP": {"IN": ["pobj", "pcomp"]}, "ENT_TYPE": {"NOT_IN": ["DATE", "TIME"]}},
                }
            )
    if spec.get("xcomp"):
        nodes.append(_child("xcomp", ["xcomp", "ccomp", "advcl"], spec["xcomp"]))
    return nodes


def compile_patterns(spec: dict[str, Any]) -> tuple[tuple[dict[str, Any], ...], ...]:
    """An entry's shorthand as DependencyMatcher patterns (one per way the object attaches)."""
    if "pattern" in spec:
        return (tuple(spec["pattern"]),)
    base = [_trigger_node(spec), *_constraint_nodes(spec)]
    if not spec.get("object"):
        return (tuple(base),)
    objects = spec["object"]
    as_object = _child("object", ["dobj", "nsubjpass", "attr", "oprd"], objects)
    as_object["RIGHT_ATTRS"]["LEMMA"] = _nominal(objects)
    # "the sanctions imposed on X": the trigger modifies its object instead of governing it
    as_head = {"LEFT_ID": "trigger", "REL_OP": "<", "RIGHT_ID": "object", "RIGHT_ATTRS": {"LEMMA": _nominal(objects)}}
    return (
        tuple([*base, as_object]),
        tuple([*base, as_head]),
        tuple([*base, *_object_behind("of", ["prep"], ["of"], objects)]),  # "hundreds of prisoners"
        tuple([*base, *_object_behind("kind", ["compound"], None, objects)]),  # "an aid programme"
        tuple([*base, *_quantity_of(objects)]),  # "froze $2 billion in assets"
    )


def _quantity_of(objects: list[str]) -> list[dict[str, Any]]:
    """The object word behind an amount: "$2 billion in assets", "$20 billion of goods"."""
    nodes = _object_behind("quantity", ["prep"], ["in", "of", "worth"], objects)
    nodes[0]["RIGHT_ATTRS"]["POS"] = "NUM"
    return nodes


def _object_behind(name: str, deps: list[str], lemmas: list[str] | None, objects: list[str]) -> list[dict[str, Any]]:
    """The object word one step below the direct object: "part of the aid", "the aid programme"."""
    holder = {
        "LEFT_ID": "trigger",
        "REL_OP": ">",
        "RIGHT_ID": "holder",
        "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass"]}},
    }
    if lemmas is None:  # the object word itself modifies the holder
        return [
            holder,
            {
                "LEFT_ID": "holder",
                "REL_OP": ">",
                "RIGHT_ID": "object",
                # a common noun: in "the Friendship Bridge" the modifier is part of a name
                "RIGHT_ATTRS": {"DEP": {"IN": deps}, "LEMMA": _nominal(objects), "POS": "NOUN"},
            },
        ]
    link = _child(name, deps, lemmas, left="holder")
    return [
        holder,
        link,
        {
            "LEFT_ID": name,
            "REL_OP": ">",
            "RIGHT_ID": "object",
            "RIGHT_ATTRS": {"DEP": "pobj", "LEMMA": _nominal(objects)},
        },
    ]


def _check_entry(spec: Any, where: str, types: dict[str, EventType], type_name: str) -> None:
    if not isinstance(spec, dict) or not spec.get("id"):
        raise CodebookError(f"{where}: each trigger entry needs an `id` (see docs/codebook.md).")
    has_words = [k for k in TRIGGER_WORD_KEYS if spec.get(k)]
    for key in (*TRIGGER_WORD_KEYS, *CONSTRAINT_KEYS):
        values = spec.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CodebookError(
                f"{where}: entry {spec['id']!r}: `{key}` must be a list of words; YAML reads bare on, off, yes, "
                f"no as true/false, so quote them ('on')."
            )
    if "pattern" not in spec and len(has_words) != 1:
        raise CodebookError(f"{where}: entry {spec['id']!r} needs exactly one of `verbs` or `nouns`, or a `pattern`.")
    if type_name not in types:
        raise CodebookError(f"{where}: entry {spec['id']!r} has unknown type {type_name!r}.")
    mode = spec.get("mode")
    if mode and mode not in types[type_name].modes:
        known = ", ".join(types[type_name].modes) or "none"
        raise CodebookError(f"{where}: entry {spec['id']!r} has mode {mode!r}, not a mode of {type_name} ({known}).")



def _specificity(spec: dict[str, Any]) -> int:
    """How specific an entry is: its constraints, and more for a raw pattern. An entry may set
    `specificity` itself, as a pattern that only narrows a plain word list does."""
    return sum(1 for k in CONSTRAINT_KEYS if spec.get(k)) + (2 if "pattern" in spec else 0)

def _make_entry(spec: dict[str, Any], type_name: str, order: int, where: str) -> TriggerEntry:
    recipient = spec.get("recipient")
    patterns = compile_patterns(spec)
    compiled = tuple(compile_pattern(pattern, f"{where}: entry {spec['id']!r}") for pattern in patterns)
    return TriggerEntry(
        id=str(spec["id"]),
        type=type_name,
        mode=spec.get("mode"),
        cameo=str(spec["cameo"]) if spec.get("cameo") is not None else None,
        contexts=tuple(spec.get("contexts") or ()),
        reliability=float(spec.get("reliability", 0.8)),
        recipient=tuple(recipient) if recipient else None,
        reciprocal=bool(spec.get("reciprocal", False)),
        negative=bool(spec.get("negative", False)),
        passive_actor=bool(spec.get("passive_actor", False)),
        needs_actor=bool(spec.get("needs_actor", False)),
        needs_recipient=bool(spec.get("needs_recipient", False)),
        spoken=bool(spec.get("spoken", False)),
        subject_is_recipient=bool(spec.get("subject_is_recipient", False)),
        active_only=bool(spec.get("active_only", False)),
        announces=bool(spec.get("announces", False)),
        specificity=int(spec.get("specificity", _specificity(spec))),
        order=order,
        patterns=patterns,
        compiled=compiled,
    )


def _trigger_documents(path: Any) -> list[dict[str, Any]]:
    data = _read_yaml(path, "trigger file")
    docs = data if isinstance(data, list) else [data]
    if not all(isinstance(d, dict) and "entries" in d for d in docs):
        raise CodebookError(f"{path}: a trigger file needs `type:` and `entries:` (see docs/codebook.md).")
    return docs


def add_trigger_file(book: Codebook, path: Any) -> None:
    """Read one trigger file into the codebook; an existing id is replaced, `disabled` removes."""
    for doc in _trigger_documents(path):
        for i, spec in enumerate(doc["entries"] or []):
            type_name = str(spec.get("type") or doc.get("type")) if isinstance(spec, dict) else ""
            where = f"{path} (entry {i + 1})"
            if isinstance(spec, dict) and spec.get("disabled"):
                book.entries.pop(str(spec.get("id")), None)
                continue
            _check_entry(spec, where, book.types, type_name)
            try:
                book.entries[str(spec["id"])] = _make_entry(spec, type_name, len(book.entries), where)
            except (KeyError, TypeError, ValueError) as exc:
                raise CodebookError(f"{where}: entry {spec.get('id')!r} is malformed ({exc}).") from exc


def load_codebook(extra: list[str | Path] | None = None) -> Codebook:
    """The shipped codebook, then each user file in `extra` on top of it."""
    types, contexts = load_types()
    book = Codebook(
        types=types,
        entries={},
        contexts=contexts,
        **load_word_lists(WORD_LISTS),
    )
    for path in sorted(_data_dir().joinpath("triggers").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml"):
            add_trigger_file(book, path)
    for path in extra or []:
        add_trigger_file(book, Path(path))
    return book
