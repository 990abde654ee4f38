"""Read curated YAML keeping line numbers, and check fields while collecting every problem.

Curators fix files faster when one run lists every mistake with its line, so readers here
record problems and carry on instead of stopping at the first one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from kg.errors import Problem, SourceError
from kg.suggest import did_you_mean


class LocatedDict(dict):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings remember where they and their keys start."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, shown_as: str) -> Any:
    """Parse one YAML file; a syntax error becomes a SourceError naming line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError([Problem(shown_as, f"not UTF-8 text ({exc.reason})")]) from exc
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", column {mark.column + 1}" if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        raise SourceError(
            [
                Problem(
                    shown_as, f"YAML syntax error{column}: {what}; fix the YAML syntax", line=line
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise SourceError([Problem(shown_as, f"YAML error: {exc}")]) from exc


class ProblemLog:
    """Collects problems across files; raise once at the end with all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SourceError(self.problems)


def suggest(word: str, choices: list[str] | set[str]) -> str:
    """' (did you mean X?)' when a close choice exists, else '' (kg.suggest)."""
    return did_you_mean(str(word), choices, n=1)


_KIND_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    "date": "a year or an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
}


class Record:
    """One YAML mapping being read: knows its file, record id and path, and logs problems."""

    def __init__(
        self,
        data: Any,
        *,
        file: str,
        record: str | None,
        log: ProblemLog,
        path: str = "",
        line: int | None = None,
    ):
        self.file = file
        self.record = record
        self.path = path
        self.log = log
        self.ok = isinstance(data, dict)
        self.data: dict = data if self.ok else {}
        self.line = getattr(data, "line", None) or line
        if not self.ok:
            self.problem(None, f"expected a mapping of fields, got {_describe(data)}")

    def field_name(self, key: str | None) -> str | None:
        if key is None:
            return self.path or None
        return f"{self.path}.{key}" if self.path else key

    def line_of(self, key: str | None) -> int | None:
        lines = getattr(self.data, "key_lines", {})
        return lines.get(key, self.line) if key else self.line

    def problem(self, key: str | None, message: str) -> None:
        self.log.add(
            Problem(
                self.file,
                message,
                record=self.record,
                field=self.field_name(key),
                line=self.line_of(key),
            )
        )

    def check_keys(self, allowed: list[str]) -> None:
        """Flag keys the format does not know: usually a typo that would silently drop data."""
        for key in self.data:
            if key not in allowed:
                self.problem(
                    str(key),
                    f"unknown field{suggest(str(key), allowed)}; "
                    f"allowed here: {', '.join(allowed)}",
                )

    def get(self, key: str, kind: Any = str, *, required: bool = False) -> Any:
        """The value of `key` if present and of the right kind, else None (problem logged)."""
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(key, f"missing; expected {_KIND_NAMES.get(kind, kind)}")
            return None
        value = self.data[key]
        checked = _coerce(value, kind)
        if checked is None:
            self.problem(key, f"expected {_KIND_NAMES.get(kind, kind)}, got {_describe(value)}")
        return checked

    def get_list(self, key: str, kind: Any = str, *, required: bool = False) -> list:
        """A list field; a single scalar is accepted as a one-item list."""
        if key not in self.data or self.data[key] is None:
            if required:
                self.problem(key, "missing; expected a list")
            return []
        value = self.data[key]
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            checked = _coerce(item, kind)
            if checked is None:
                self.problem(
                    f"{key}[{i}]",
                    f"expected {_KIND_NAMES.get(kind, kind)}, got {_describe(item)}",
                )
            else:
                out.append(checked)
        return out

    def children(self, key: str, *, id_key: str | None = "id") -> Iterator[Record]:
        """Sub-records of a list-of-mappings field, each with its own path for messages."""
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(key, f"expected a list of mappings, got {_describe(value)}")
            return
        for i, item in enumerate(value):
            yield Record(
                item,
                file=self.file,
                record=self.record,
                log=self.log,
                path=self.field_name(f"{key}[{i}]") or "",
                line=self.line_of(key),
            )

    def child(self, key: str) -> Record | None:
        """The sub-record of a mapping field, or None when absent."""
        value = self.data.get(key)
        if value is None:
            return None
        return Record(
            value,
            file=self.file,
            record=self.record,
            log=self.log,
            path=self.field_name(key) or "",
            line=self.line_of(key),
        )


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _coerce(value: Any, kind: Any) -> Any:
    """Accept the value if it is of `kind`; YAML's own typing is kept strict on purpose."""
    if kind is str:
        if isinstance(value, bool):
            return None
        if isinstance(value, str):
            return value.strip() or None
        if isinstance(value, int | float):
            return str(value)
        return None
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind is float:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return None
        return None
    if kind is bool:
        return value if isinstance(value, bool) else None
    if kind == "date":
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and _is_partial_date(value):
            return value
        return None
    if kind is dict:
        return value if isinstance(value, dict) else None
    return value


def _is_partial_date(text: str) -> bool:
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return False
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        dt.date(year, month, day)
    except ValueError:
        return False
    return len(parts[0]) == 4
