"""dotterel's vocabulary and reference files, and the one way to read them.

YAML is parsed with libyaml when PyYAML has it (the pure-Python parser costs seconds on
the codebook and gazetteers at start-up).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def read_yaml(path: str | Path | Any) -> Any:
    """A YAML file, given as a path or an importlib resource."""
    return parse_yaml(
        Path(path).read_text(encoding="utf-8") if isinstance(path, str) else path.read_text(encoding="utf-8")
    )


def shipped(name: str) -> Any:
    """A data file that ships with dotterel, by its path under dotterel/data/."""
    return resources.files(__name__).joinpath(name)


def read_shipped(name: str) -> Any:
    return read_yaml(shipped(name))
