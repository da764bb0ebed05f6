"""Located, human errors: what is wrong, where (file:line:column and key path), how to fix it.

The loader turns every problem into a :class:`Problem`; :class:`PathwayError` carries all the
problems of one file so a content author sees them in one pass. Checks on parsed data report an
:class:`Issue` (a key path and a message); the loader locates it in the YAML node tree.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from decision_aid.model import Pathway

Severity = Literal["error", "warning"]
Key = str | int
Path = tuple[Key, ...]


@dataclasses.dataclass(frozen=True)
class Problem:
    """One located problem in a pathway file.

    Attributes:
        source: The file name (or ``<text>``) the problem is in.
        line: 1-based line number.
        column: 1-based column number.
        where: The enclosing object by id and the key path, e.g. ``At Step(id='pain'), key ...``.
        message: What is wrong and how to fix it.
        severity: ``"error"`` or ``"warning"``; warnings never fail a load.
    """

    source: str
    line: int
    column: int
    where: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.source}:{self.line}:{self.column}: {self.where}: {prefix}{self.message}"


class PathwayError(ValueError):
    """A pathway file could not be loaded; ``problems`` lists every reason, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)



class AnswerError(ValueError):
    """An answer that does not fit its question. Nothing is applied when this is raised."""

    def __init__(self, question_id: str, message: str) -> None:
        super().__init__(f"{question_id}: {message}")
        self.question_id = question_id
        self.message = message


@dataclasses.dataclass(frozen=True)
class Issue:
    """A problem in parsed data, located by key path; the loader turns it into a Problem.

    Attributes:
        path: Keys and list indexes from the top of the file, e.g. ``("steps", 1, "id")``.
        message: What is wrong and how to fix it.
        severity: ``"error"`` or ``"warning"``.
        on_key: Point at the key itself rather than its value (unknown or duplicate keys).
    """

    path: Path
    message: str
    severity: Severity = "error"
    on_key: bool = False


def quote_all(values: Iterable[object]) -> str:
    """Values quoted with ``!r`` and joined with commas: ``'a', 'b', 'c'``."""
    return ", ".join(repr(v) for v in values)


def did_you_mean(word: object, known: Iterable[str]) -> str:
    """A suggestion such as ``" Did you mean 'required'?"``, or ``""`` when nothing is close."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def unknown_id(value: object, what: str, known: Sequence[str]) -> str:
    """The message for a reference to an id that does not exist."""
    hint = did_you_mean(value, known)
    if not hint:
        hint = f" Known ids: {_some(known)}." if known else f" There are no {what}s."
    return f"{value!r} is not the id of any {what}.{hint}"


def _some(values: Sequence[str], limit: int = 12) -> str:
    shown = quote_all(values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def format_path(path: Path) -> str:
    """A key path as people read it: ``steps[1].questions[0].enable_when``."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


# --- pydantic errors -> issues ------------------------------------------------------------------


@dataclasses.dataclass
class _Step:
    """Where one pydantic error leads: the plain key path and the types along it."""

    path: list[Key]
    parent: Any = None
    type_: Any = Pathway
    value: Any = None
    branches: list[tuple[Path, bool, Any]] = dataclasses.field(default_factory=list)


def from_validation_error(error: ValidationError, data: Any) -> list[Issue]:
    """Translate a pydantic error on ``data`` into human issues with plain key paths.

    Errors from the branches of a union that the data clearly did not mean (a condition with
    ``all:`` is not a Compare) are dropped; when no branch fits, one message lists what would.

    Args:
        error: The error pydantic raised while validating ``data``.
        data: The parsed YAML that was validated.

    Returns:
        One issue per problem, in pydantic's order.
    """
    issues: list[Issue] = []
    preferred_seen: set[Path] = set()
    rejected: dict[Path, Any] = {}
    for err in error.errors(include_url=False):
        walk = _walk(err["loc"], data)
        preferred_seen.update(path for path, ok, _ in walk.branches if ok)
        bad = [(path, union) for path, ok, union in walk.branches if not ok]
        if bad:
            rejected.setdefault(*bad[0])
        else:
            issues.append(_issue(err, walk))
    for path, union in rejected.items():
        if path not in preferred_seen:
            issues.append(Issue(path, _no_branch_fits(_get(data, path), union)))
    return issues


def _walk(loc: tuple[Key, ...], data: Any) -> _Step:
    step = _Step(path=[], value=data)
    for item in loc:
        members = _members(step.type_)
        if len(members) > 1:
            chosen = next((m for m in members if _is_tag(m, item)), None)
            ok = chosen is _preferred(members, step.value)
            step.branches.append((tuple(step.path), ok, step.type_))
            step.type_ = chosen
            continue
        step.parent = members[0]  # an optional section (``X | None``) is read as X
        step.type_ = _child(members[0], item)
        step.value = _get(step.value, (item,))
        step.path.append(item)
    return step


@functools.cache
def _members(type_: Any) -> list[Any]:
    """The alternatives of a union without ``None``; a single type for anything else."""
    if get_origin(type_) is Annotated:
        return _members(get_args(type_)[0])
    if get_origin(type_) in (Union, types.UnionType):
        return [m for a in get_args(type_) if a is not type(None) for m in _members(a)]
    return [type_]


def _is_tag(member: Any, tag: Key) -> bool:
    """Whether pydantic's union tag ``tag`` names ``member``."""
    if not isinstance(tag, str):
        return False
    if isinstance(member, type) and issubclass(member, BaseModel):
        return tag == member.__name__
    origin = get_origin(member)
    if origin is list:
        return tag.startswith("list[")
    if origin is Literal:
        return tag.startswith("literal[")
    return tag.endswith(getattr(member, "__name__", "?"))


def _preferred(members: list[Any], value: Any) -> Any:
    """The union member the author evidently meant, judged by the shape of ``value``."""
    if isinstance(value, dict):
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        fits = [m for m in models if set(_keys(m)) & set(value)]
        return max(fits, key=lambda m: len(set(_keys(m)) & set(value)), default=None)
    wanted = list if isinstance(value, list) else Literal if isinstance(value, str) else None
    return next((m for m in members if wanted and get_origin(m) is wanted), None)


@functools.cache
def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """The YAML keys of ``model`` (aliases where set) and their types."""
    return {f.alias or name: f.annotation for name, f in model.model_fields.items()}


def _child(type_: Any, key: Key) -> Any:
    if isinstance(type_, type) and issubclass(type_, BaseModel) and isinstance(key, str):
        return _keys(type_).get(key)
    args = get_args(type_)
    if get_origin(type_) is dict and len(args) == 2:
        return args[1]  # a mapping keyed by id, e.g. a comparison row's cells
    return args[0] if get_origin(type_) is list and args else None


def _get(value: Any, path: Path) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return None
    return value


def _name(type_: Any) -> str:
    return getattr(type_, "__name__", "this object")


def _issue(err: ErrorDetails, walk: _Step) -> Issue:
    kind = err["type"]
    path = tuple(walk.path)
    if kind == "extra_forbidden":
        known = list(_keys(walk.parent)) if walk.parent else []
        return Issue(path, _unknown_key(path[-1], _name(walk.parent), known), on_key=True)
    if kind == "missing":
        return Issue(path, f"{_name(walk.parent)} is missing the required key {path[-1]!r}.")
    return Issue(path, _bad_value(err, walk))


def _unknown_key(key: Key, owner: str, known: list[str]) -> str:
    hint = did_you_mean(key, known) or f" Known keys: {quote_all(known)}."
    return f"{key!r} is not a known key of {owner}.{hint}"


_EXPECTED = {
    "int": "a whole number",
    "bool": "true or false",
    "float": "a number",
    "list": "a list",
    "dict": "a mapping of keys to values",
    "model": "a mapping of keys to values",
    "string": "text",
}

_FRIENDLY_EMPTY = {
    "benefits": "Every option needs at least one benefit: list what people may gain.",
    "harms": "Every option needs at least one harm or downside: no option is free of them.",
    "sources": "List at least one source id so every clinical statement can be traced.",
}


def _bad_value(err: ErrorDetails, walk: _Step) -> str:
    kind, value, ctx = err["type"], err["input"], err.get("ctx", {})
    shown = _show(value)
    if kind == "literal_error":
        allowed = [str(a) for a in get_args(walk.type_)]
        return f"{shown} is not one of {quote_all(allowed)}.{did_you_mean(value, allowed)}"
    if kind == "string_pattern_mismatch":
        return (
            f"{shown} is not a valid id: use lower case letters, digits and underscores, "
            "starting with a letter (e.g. 'pain_average')."
        )
    if kind == "too_short" and isinstance(value, list | dict):
        key = walk.path[-1] if walk.path else ""
        friendly = _FRIENDLY_EMPTY.get(str(key), f"Add at least {ctx.get('min_length', 1)}.")
        return f"{key!r} is empty. {friendly}"
    if kind in ("string_too_short", "too_short"):
        return f"{shown} is empty; write some text here."
    return _wrong_type(kind, shown, value, err["msg"])


def _wrong_type(kind: str, shown: str, value: Any, msg: str) -> str:
    if kind.startswith("date"):
        return f"{shown} is not a valid date: write it as YYYY-MM-DD, e.g. 2026-01-31."
    if kind == "string_type" and isinstance(value, bool | int | float):
        return f"{shown} is not text: put it in quotes, e.g. '{_yaml_scalar(value)}'."
    if kind in ("int_from_float", "int_parsing"):
        kind = "int_type"
    expected = _EXPECTED.get(kind.split("_")[0])
    if expected and kind.endswith(("_type", "_parsing")):
        return f"{shown} is not {expected}."
    return f"{shown} is not allowed here: {msg[0].lower()}{msg[1:]}."


def _yaml_scalar(value: bool | int | float) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return f"a mapping with keys {quote_all(list(value)[:6])}" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _no_branch_fits(value: Any, union: Any) -> str:
    described = [_describe(m) for m in _members(union)]
    expected = ", ".join(described[:-1]) + f" or {described[-1]}"
    return f"{_show(value)} is not valid here: expected {expected}."


def _describe(member: Any) -> str:
    if isinstance(member, type) and issubclass(member, BaseModel):
        return f"{member.__name__} ({', '.join(_keys(member))})"
    if get_origin(member) is list:
        return "a list"
    if get_origin(member) is Literal:
        return quote_all(get_args(member))
    return _EXPECTED.get(getattr(member, "__name__", "").replace("str", "string"), "a value")
