"""Errors a user can act on. Each message says what was wrong and what to do next.

The CLI prints these without a traceback; anything else escaping is a bug in dotterel.
"""


class DotterelError(Exception):
    """Base class for errors caused by input or set-up, not by a bug."""


class ModelError(DotterelError):
    """The spaCy model is missing, of the wrong version, or altered."""


class CodebookError(DotterelError):
    """A codebook, actor or lexicon file is malformed."""


class InputError(DotterelError):
    """An article or an option cannot be used as given."""
