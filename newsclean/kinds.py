"""The kinds of value an option takes, and the one check that turns a given value into one.

The command line, the TOML file and the library (keyword arguments, or a
:class:`~newsclean.config.RunConfig` built directly) all pass what they were given through
:func:`checked`, so a value is accepted or refused the same way wherever it comes from. A
refused value is a :class:`~newsclean.errors.ConfigError` that names the key, the value
and the kind expected: ``workers = 'two': expected an integer``. Strings are never read
as booleans or numbers (``detect_language = "false"`` is an error, not true).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from newsclean.dates import as_utc, parse_duration, parse_since
from newsclean.errors import ConfigError


class Kind(StrEnum):
    """What an option's value is; the value is what the README's key table shows."""

    BOOL = "boolean"
    INT = "integer"
    SECONDS = "number"
    TEXT = "string"
    PATH = "path"
    PATHS = "list of paths"
    TEXTS = "list of strings"
    WHEN = "date or duration"
    DURATION = "duration"


_EXPECTED = {
    Kind.BOOL: "true or false (a boolean)",
    Kind.INT: "an integer",
    Kind.SECONDS: "a number",
    Kind.TEXT: "a string",
    Kind.PATH: "a path (a string)",
    Kind.PATHS: "a path or a list of paths",
    Kind.TEXTS: "a string or a list of strings",
    Kind.WHEN: "a date (2026-11-01, 2026-11-01T08:00Z) or a duration (30m, 12h, 2d, 1w)",
    Kind.DURATION: "a duration (30m, 12h, 2d, 1w)",
}


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", tuple: "a list", dict: "a table"}
    return names.get(type(value), f"a {type(value).__name__}")


def refused(key: str, value: Any, kind: Kind, why: str | None = None) -> ConfigError:
    """The error for ``key = value`` that is not of ``kind`` (``why``: what is wrong with
    it instead of its type; ``""``: nothing to add)."""
    detail = f"not {_type_name(value)}" if why is None else why
    return ConfigError(f"{key} = {value!r}: expected {_EXPECTED[kind]}"
                       + (f", {detail}" if detail else ""))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _items(key: str, value: Any, kind: Kind) -> tuple[Any, ...]:
    """One string or path is one item, never its characters."""
    if isinstance(value, (str, os.PathLike)):
        return (value,)
    if not isinstance(value, (list, tuple)):
        raise refused(key, value, kind)
    for item in value:
        if not isinstance(item, (str, os.PathLike)):
            raise refused(key, value, kind, f"holds {_type_name(item)}: {item!r}")
    return tuple(value)


def _when(key: str, value: Any) -> datetime:
    """A point in time from a string (``2026-11-01``, ``2d`` before now), a TOML date or
    datetime: aware UTC."""
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise refused(key, value, Kind.WHEN)
    try:
        return parse_since(value, datetime.now(UTC))
    except ConfigError as exc:
        raise refused(key, value, Kind.WHEN, "too far back" if "far" in str(exc) else ""
                      ) from exc


def _duration(key: str, value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if not isinstance(value, str):
        raise refused(key, value, Kind.DURATION)
    try:
        return parse_duration(value)
    except ConfigError as exc:
        raise refused(key, value, Kind.DURATION, "too long" if "long" in str(exc) else ""
                      ) from exc


def _scalar(kind: Kind, test: Callable[[Any], bool], make: Callable[[Any], Any]
            ) -> Callable[[str, Any], Any]:
    def check(key: str, value: Any) -> Any:
        if not test(value):
            raise refused(key, value, kind)
        return make(value)
    return check


_CHECKS: dict[Kind, Callable[[str, Any], Any]] = {
    Kind.BOOL: _scalar(Kind.BOOL, lambda v: isinstance(v, bool), bool),
    Kind.INT: _scalar(Kind.INT, lambda v: isinstance(v, int) and not isinstance(v, bool), int),
    Kind.SECONDS: _scalar(Kind.SECONDS, _is_number, float),
    Kind.TEXT: _scalar(Kind.TEXT, lambda v: isinstance(v, str), str),
    Kind.PATH: _scalar(Kind.PATH, lambda v: isinstance(v, (str, os.PathLike)), Path),
    Kind.PATHS: lambda key, v: tuple(Path(p) for p in _items(key, v, Kind.PATHS)),
    Kind.TEXTS: lambda key, v: tuple(os.fspath(p) for p in _items(key, v, Kind.TEXTS)),
    Kind.WHEN: _when,
    Kind.DURATION: _duration,
}


def checked(key: str, value: Any, kind: Kind) -> Any:
    """``value`` as ``kind`` (``None`` stays ``None``: not given), or a ConfigError naming
    ``key``, the value and the kind."""
    if value is None:
        return None
    return _CHECKS[kind](key, value)


def age_to_since(key: str, value: Any) -> datetime:
    """``max_age``: a duration back from now (``2d``), as the point in time it names."""
    return datetime.now(UTC) - checked(key, value, Kind.DURATION)
