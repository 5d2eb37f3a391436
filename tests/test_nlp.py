"""The parse stage refuses any model but the pinned one, and says which file is wrong.

Every check runs on a copy of the installed model in a temporary folder; the installed
model itself is only read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import spacy

from dotterel import nlp
from dotterel.errors import ModelError


@pytest.fixture(scope="module")
def installed() -> Path:
    return nlp.model_path()


@pytest.fixture
def model_copy(installed: Path, tmp_path: Path) -> Path:
    target = tmp_path / installed.name
    shutil.copytree(installed, target)
    return target


def test_the_installed_model_loads_and_passes(installed: Path) -> None:
    nlp.verify_model(installed)
    pipeline = nlp.load()
    nlp.check_meta(pipeline)
    assert (pipeline.meta["name"], pipeline.meta["version"]) == (nlp.MODEL_NAME, nlp.MODEL_VERSION)
    assert "parser" in pipeline.pipe_names
    assert nlp.load() is pipeline  # loaded once per process


def test_every_pinned_file_has_a_checksum() -> None:
    sums = nlp.expected_checksums()
    assert "meta.json" in sums and "config.cfg" in sums
    assert all(len(digest) == 64 for digest in sums.values())


def test_an_unchanged_copy_passes(model_copy: Path) -> None:
    nlp.verify_model(model_copy)


@pytest.mark.parametrize("name", ["meta.json", "config.cfg", "attribute_ruler/patterns"])
def test_one_changed_byte_is_refused_naming_the_file(model_copy: Path, name: str) -> None:
    file = model_copy / name
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x01
    file.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="checksum differs") as caught:
        nlp.verify_model(model_copy)
    assert str(file) in str(caught.value)
    assert nlp.PIP_PIN in str(caught.value)


def test_a_missing_file_is_refused(model_copy: Path) -> None:
    file = model_copy / "meta.json"
    file.unlink()
    with pytest.raises(ModelError, match="missing") as caught:
        nlp.verify_model(model_copy)
    assert str(file) in str(caught.value)


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="missing"):
        nlp.verify_model(tmp_path / "no-model-here")


def test_a_model_of_another_version_is_refused() -> None:
    fake = spacy.blank("en")
    fake.meta["name"], fake.meta["version"] = nlp.MODEL_NAME, "3.7.1"
    with pytest.raises(ModelError, match=r"3\.7\.1") as caught:
        nlp.check_meta(fake)
    assert nlp.PIP_PIN in str(caught.value)


def test_a_model_of_another_name_is_refused() -> None:
    fake = spacy.blank("en")
    fake.meta["name"], fake.meta["version"] = "core_web_md", nlp.MODEL_VERSION
    with pytest.raises(ModelError, match="core_web_md"):
        nlp.check_meta(fake)


def test_a_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "MODEL_PACKAGE", "no_such_model_package_for_dotterel")
    with pytest.raises(ModelError, match="pip install"):
        nlp.model_path()
