"""The anchored pattern evaluator finds what spaCy's DependencyMatcher finds.

dotterel evaluates the codebook's DependencyMatcher patterns itself, from candidate
triggers, for speed (see dotterel/events/anchored.py); this test keeps the two in step on
every sentence of the event fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.matcher import DependencyMatcher

from dotterel.pipeline import Coder

FIXTURES = Path(__file__).parent / "fixtures" / "events"


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def _sentences() -> list[str]:
    return [case["text"] for path in sorted(FIXTURES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())]


def test_same_matches_as_spacy_dependency_matcher(coder: Coder) -> None:
    reference = DependencyMatcher(coder.nlp.vocab)
    for entry in coder.codebook.entries.values():
        reference.add(entry.id, [list(p) for p in entry.patterns])
    docs = list(coder.nlp.pipe(_sentences()))
    for doc in docs:
        ours = {(m.entry.id, m.trigger.i) for m in coder.finder.candidates(doc)}
        spacy_found = {
            (coder.nlp.vocab.strings[key], ids[0])
            for key, ids in reference(doc)
            if coder.finder.is_event_word(doc[ids[0]])
        }
        assert ours == spacy_found, doc.text
