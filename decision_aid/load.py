"""Load pathways in layers: read(path) -> from_text(text, source) -> validate -> model.

Parsing uses PyYAML's safe C loader. The node tree the parser builds anyway is kept, so an
error's key path maps to a line and column without parsing twice; the walk to a node happens
only when there is something to report. A pathway that includes the shared warning-sign screen
or the shared sources library is merged with them here, and every key path of the merged pathway
maps back to the file it came from.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from decision_aid.errors import (
    Issue,
    PathwayError,
    Problem,
    Severity,
    format_path,
    from_validation_error,
)
from decision_aid.model import (
    SCHEMA_VERSION,
    TIER_ORDER,
    Pathway,
    Retired,
    SafetyTier,
    Source,
    SourceLibrary,
    WarningSigns,
)
from decision_aid.rules import checks

MAX_BYTES = 2 * 1024 * 1024
"""The largest pathway file we read; real pathways are a few tens of kilobytes."""

MAX_DEPTH = 100
"""The deepest nesting of mappings and lists we read; real pathways nest about 12 deep."""

MAX_ALIAS_GROWTH = 10_000
"""How many more values aliases may add beyond twice the distinct values of a file."""

_Model = TypeVar("_Model", Pathway, WarningSigns, SourceLibrary)

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Objects named in "At ..." by the list they sit in, and the key that names them.
_OBJECTS = {
    "steps": "Step",
    "questions": "Question",
    "choices": "Choice",
    "options": "Option",
    "stages": "Stage",
    "clinician_questions": "ClinicianQuestion",
    "sources": "Source",
    "items": "RedFlag",
    "safety": "SafetyTier",
    "tiers": "SafetyTier",
    "cautions": "CautionGroup",
    "evidence": "Evidence",
    "scores": "Score",
    "figures": "Figure",
    "next": "Route",
    "authors": "Person",
    "reviewers": "Person",
}
_NAMING_KEYS = ("id", "tier", "name")


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader, noting keys that appear twice in one mapping (YAML keeps the last)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.duplicates: list[Node] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value in seen - {"<<"}:
                self.duplicates.append(key_node)
            seen.add(key_node.value if isinstance(key_node, ScalarNode) else "")
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_date(self, node: ScalarNode) -> object:
        """A date, or the text as written when it is no real date (e.g. month 13)."""
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, AttributeError):  # AttributeError: '!!timestamp' on a non-date
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date)


@dataclasses.dataclass(frozen=True)
class Loaded:
    """A valid pathway, the warnings about it (e.g. content due for review), and a locator.

    ``locate`` turns issues found later (e.g. by the lints) into problems with file, line and
    column, in the pathway file or in the shared warning-sign file each part came from.
    """

    pathway: Pathway
    warnings: list[Problem]
    locate: Callable[[Iterable[Issue]], list[Problem]]


def read(path: str | Path) -> Pathway:
    """Read and validate one pathway file.

    Args:
        path: The YAML file to read.

    Returns:
        The validated pathway.

    Raises:
        PathwayError: The file cannot be read or is not a valid pathway; lists every problem.
    """
    p = Path(path)
    return from_text(read_text(p), str(p))


def read_text(path: str | Path) -> str:
    """The text of a pathway file: UTF-8, at most ``MAX_BYTES``.

    Raises:
        PathwayError: The file is missing, too large or not UTF-8.
    """
    source = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise _file_error(source, f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}.")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _file_error(source, f"cannot read the file: {exc.strerror or exc}.") from exc
    return _decode(raw, source)


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"byte {raw[exc.start]:#04x} is not UTF-8 text: save the file as UTF-8 "
            "(in most editors: Save with encoding > UTF-8)."
        )
        raise PathwayError([Problem(source, line, column, "At file", message)]) from exc


def from_text(text: str, source: str = "<text>") -> Pathway:
    """Parse and validate pathway YAML text.

    Args:
        text: The YAML text.
        source: The name used in error messages, usually the file path.

    Returns:
        The validated pathway.

    Raises:
        PathwayError: Every structural problem, or else every semantic problem, located.
    """
    return load_text(text, source).pathway


def load_text(
    text: str, source: str = "<text>", *, today: dt.date | None = None, strict: bool = False
) -> Loaded:
    """Parse and validate pathway text, and check its review dates against ``today``.

    Args:
        text: The YAML text.
        source: The name used in messages.
        today: The date to check ``next_review`` against; ``None`` skips the review check.
        strict: Make content more than 90 days past its review date an error.

    Returns:
        The pathway and any warnings.

    Raises:
        PathwayError: The text is not a valid pathway (or is long overdue, with ``strict``).
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _file_error(source, f"the text is larger than the limit of {MAX_BYTES:,} bytes.")
    # The node tree stays alive through the checks and locating, so keep the collector
    # paused until the end: collection passes over it grew the whole load super-linearly.
    with _gc_paused():
        root, data, duplicates = _parse(text, source)
        _check_version(data, root, source)
        _refuse_shared_file(data, root, source)
        pathway = _validate(data, root, source, duplicates)
        files = {"pathway": (root, source)}
        included = _include(pathway, root, source)
        merged = included.merged if included else Merged(pathway, ())
        if included is not None:
            files["shared"] = included.files
        uses = _library_uses(pathway, root, source, included)
        if uses:
            library = _read_library(uses)
            files["library"] = library.files
            merged = with_library(merged, _used(library, uses))
        pathway = merged.pathway
        where = _Files(files, merged.moves)
        review = checks.review_issues(pathway, today, strict=strict) if today else []
        _raise_if_any(where.locate(checks.run_checks(pathway)))
        _raise_if_any(where.locate([i for i in review if i.severity == "error"]))
        return Loaded(pathway, where.locate(review), where.locate)


# --- the shared warning-sign screen -------------------------------------------------------------
# A pathway that names ``warning_signs: {include: shared/warning-signs.yaml}`` gets the shared
# warning-sign step first (with the pathway's own added questions after the shared ones), the
# shared warning-sign groups before its own groups of the same tier, and the shared sources before
# its own. A pathway can add but never drop: nothing in the pathway file removes a shared item.
# The semantic checks run on the merged pathway; :func:`origin` maps each merged key path back to
# the file and key path it came from, so errors keep their file:line:column.


File = Literal["pathway", "shared", "library"]
KeyPath = tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Move:
    """Merged keys starting with ``merged`` come from ``file`` at ``original``."""

    merged: KeyPath
    file: File
    original: KeyPath


@dataclasses.dataclass(frozen=True)
class Merged:
    """A pathway with the shared screen merged in, and where each merged part came from."""

    pathway: Pathway
    moves: tuple[Move, ...]


def merge(pathway: Pathway, shared: WarningSigns) -> Merged:
    """Put the shared warning-sign screen into ``pathway``.

    Args:
        pathway: The pathway as written in its file (with ``warning_signs`` set).
        shared: The shared screen it includes.

    Returns:
        The merged pathway and the moves that map merged key paths back to the two files.
    """
    added = pathway.warning_signs.questions if pathway.warning_signs else []
    step = shared.step.model_copy(update={"questions": [*shared.step.questions, *added]})
    safety, safety_moves = _merge_tiers(shared.tiers, pathway.safety)
    retired, retired_moves = _merge_retired(shared.retired, pathway.retired)
    merged = pathway.model_copy(
        update={
            "sources": [*shared.sources, *pathway.sources],
            "safety": safety,
            "steps": [step, *pathway.steps],
            "retired": retired,
        }
    )
    moves = [
        *safety_moves,
        *retired_moves,
        *_list_moves("sources", len(shared.sources), len(pathway.sources)),
        *_step_moves(len(shared.step.questions), len(added), len(pathway.steps)),
    ]
    return Merged(merged, tuple(moves))


def with_library(merged: Merged, used: list[tuple[int, Source]]) -> Merged:
    """Put the library sources a pathway (or its screen) uses before its own sources.

    Args:
        merged: The pathway so far (its ``sources`` are the files' own ones).
        used: ``(index in the library, source)`` for each library source used, in order.

    Returns:
        The pathway with the library's sources first, and moves that map each merged source
        back to the library, the shared screen or the pathway file.
    """
    own = merged.pathway.sources
    origins = [origin(merged.moves, ("sources", i)) for i in range(len(own))]
    moves = [m for m in merged.moves if m.merged[:1] != ("sources",)]
    moves += [Move(("sources", i), "library", ("sources", j)) for i, (j, _) in enumerate(used)]
    moves += [Move(("sources", len(used) + i), f, path) for i, (f, path) in enumerate(origins)]
    sources = [*(s for _, s in used), *own]
    return Merged(merged.pathway.model_copy(update={"sources": sources}), tuple(moves))


_RETIRED_LISTS = ("questions", "moved_choices", "narrowed_choices")


def _merge_retired(shared: Retired, own: Retired) -> tuple[Retired, list[Move]]:
    """The screen's retired questions and choices first, then the pathway's."""
    update: dict[str, object] = {
        key: [*getattr(shared, key), *getattr(own, key)] for key in _RETIRED_LISTS
    }
    update["own_question_box"] = own.own_question_box or shared.own_question_box
    moves: list[Move] = []
    for key in _RETIRED_LISTS:
        n_shared = len(getattr(shared, key))
        moves += [Move(("retired", key, i), "shared", ("retired", key, i)) for i in range(n_shared)]
        moves += [
            Move(("retired", key, n_shared + j), "pathway", ("retired", key, j))
            for j in range(len(getattr(own, key)))
        ]
    return own.model_copy(update=update), moves


def _merge_tiers(
    shared: list[SafetyTier], own: list[SafetyTier]
) -> tuple[list[SafetyTier], list[Move]]:
    """Shared groups first within each tier, most urgent tier first."""
    tagged = [("shared", ("tiers", i), t) for i, t in enumerate(shared)]
    tagged += [("pathway", ("safety", i), t) for i, t in enumerate(own)]
    tagged.sort(key=lambda x: TIER_ORDER.index(x[2].tier))  # stable: shared before own
    moves = [Move(("safety", i), file, path) for i, (file, path, _) in enumerate(tagged)]  # type: ignore[arg-type]
    return [t for _, _, t in tagged], moves


def _list_moves(key: str, n_shared: int, n_own: int) -> list[Move]:
    moves = [Move((key, i), "shared", (key, i)) for i in range(n_shared)]
    moves += [Move((key, n_shared + i), "pathway", (key, i)) for i in range(n_own)]
    return moves


def _step_moves(n_shared: int, n_added: int, n_steps: int) -> list[Move]:
    moves = [Move(("steps", 0), "shared", ("step",))]
    moves += [
        Move(("steps", 0, "questions", n_shared + i), "pathway", ("warning_signs", "questions", i))
        for i in range(n_added)
    ]
    moves += [Move(("steps", k + 1), "pathway", ("steps", k)) for k in range(n_steps)]
    return moves


def origin(moves: tuple[Move, ...], path: KeyPath) -> tuple[File, KeyPath]:
    """The file and key path a merged key path came from (the longest matching move wins)."""
    best: Move | None = None
    for move in moves:
        n = len(move.merged)
        if path[:n] == move.merged and (best is None or n > len(best.merged)):
            best = move
    if best is None:
        return "pathway", path
    return best.file, (*best.original, *path[len(best.merged) :])




@dataclasses.dataclass(frozen=True)
class _Included:
    merged: Merged
    files: tuple[Node, str]
    shared: WarningSigns


# --- the shared sources library -----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Use:
    """One file's ``library:`` block: where it is, and the library file it names."""

    ids: list[str]
    path: Path
    root: Node
    source: str
    name: str


@dataclasses.dataclass(frozen=True)
class _Library:
    library: SourceLibrary
    files: tuple[Node, str]


def _library_uses(
    pathway: Pathway, root: Node, source: str, included: _Included | None
) -> list[_Use]:
    uses = []
    if included is not None and included.shared.library is not None:
        lib = included.shared.library
        shared_root, shared_path = included.files
        where = Path(shared_path).parent / lib.include
        uses.append(_Use(lib.sources, where, shared_root, shared_path, lib.include))
    if pathway.library is not None:
        lib = pathway.library
        where = Path(source).parent / lib.include
        uses.append(_Use(lib.sources, where, root, source, lib.include))
    return uses


def _read_library(uses: list[_Use]) -> _Library:
    """Read the one sources library the uses name; errors are located at their include."""
    first = uses[0]
    at = ("library", "include")
    for use in uses[1:]:
        if use.path.resolve() != first.path.resolve():
            message = f"uses the sources library {str(use.path)!r}, but {first.source!r} uses "
            message += f"{str(first.path)!r}: a pathway and its screen share one library."
            raise PathwayError(locate([Issue(at, message)], use.root, use.source))
    try:
        library, lib_root = read_library_text(read_text(first.path), str(first.path))
    except PathwayError as exc:
        if exc.problems[0].source == str(first.path) and exc.problems[0].line > 1:
            raise
        message = f"cannot use the sources library {first.name!r} (looked for "
        message += f"{str(first.path)!r}): {exc.problems[0].message}"
        raise PathwayError(locate([Issue(at, message)], first.root, first.source)) from exc
    unknown = []
    known = {s.id for s in library.sources}
    for use in uses:
        issues = [
            Issue(("library", "sources", k), _unknown_source(sid, use.name))
            for k, sid in enumerate(use.ids)
            if sid not in known
        ]
        unknown += locate(issues, use.root, use.source)
    _raise_if_any(unknown)
    return _Library(library, (lib_root, str(first.path)))


def _unknown_source(sid: str, name: str) -> str:
    return f"source {sid!r} is not in the sources library {name!r}: add it there, or fix the id."


def _used(library: _Library, uses: list[_Use]) -> list[tuple[int, Source]]:
    """The library sources the uses name, each once, in the order first named."""
    index = {s.id: i for i, s in enumerate(library.library.sources)}
    ids = dict.fromkeys(sid for use in uses for sid in use.ids)
    return [(index[sid], library.library.sources[index[sid]]) for sid in ids]


def read_library(path: str | Path) -> SourceLibrary:
    """Read and validate the shared sources library on its own (``validate`` uses this).

    Raises:
        PathwayError: The file is not a valid sources library; lists every problem.
    """
    return read_library_text(read_text(path), str(path))[0]


def read_library_text(text: str, source: str) -> tuple[SourceLibrary, Node]:
    """Parse and validate sources-library text; errors are located in that file."""
    with _gc_paused():
        library, root = _read_shared_kind(
            text, source, "sources", "a sources library", SourceLibrary
        )
        ids = [s.id for s in library.sources]
        twice = [
            Issue(("sources", i, "id"), f"source {sid!r} is listed twice: keep one.")
            for i, sid in enumerate(ids)
            if sid in ids[:i]
        ]
        _raise_if_any(locate(twice, root, source))
        return library, root


@dataclasses.dataclass(frozen=True)
class _Files:
    """The files a merged pathway came from, to locate its issues in the right one."""

    files: dict[str, tuple[Node, str]]
    moves: tuple[Move, ...]

    def locate(self, issues: Iterable[Issue]) -> list[Problem]:
        problems = []
        for issue in issues:
            file, path = origin(self.moves, issue.path)
            root, source = self.files[file]
            problems += locate([dataclasses.replace(issue, path=path)], root, source)
        return sorted(problems, key=lambda p: (p.source, p.line, p.column))


def _refuse_shared_file(data: dict[str, Any], root: Node, source: str) -> None:
    if data.get("kind") == "sources":
        message = "this is the shared sources library, not a pathway: a pathway uses it with "
        message += "'library: {include: shared/sources.yaml, sources: [...]}'."
        raise PathwayError(locate([Issue(("kind",), message)], root, source))
    if data.get("kind") == "warning_signs":
        message = "this is the shared warning-sign file, not a pathway: a pathway uses it with "
        message += "'warning_signs: {include: shared/warning-signs.yaml}'."
        raise PathwayError(locate([Issue(("kind",), message)], root, source))


def _include(pathway: Pathway, root: Node, source: str) -> _Included | None:
    """Read, validate and merge the shared warning-sign file ``pathway`` includes, if any."""
    if pathway.warning_signs is None:
        return None
    at = ("warning_signs", "include")
    name = pathway.warning_signs.include
    path = Path(source).parent / name
    try:
        text = read_text(path)
    except PathwayError as exc:
        reason = exc.problems[0].message
        message = f"cannot use the shared warning signs {name!r} (looked for {str(path)!r}): "
        raise PathwayError(locate([Issue(at, message + reason)], root, source)) from exc
    shared, shared_root = read_shared_text(text, str(path))
    issues = _own_safety_steps(pathway)
    _raise_if_any(locate(issues, root, source))
    return _Included(merge(pathway, shared), (shared_root, str(path)), shared)


def _own_safety_steps(pathway: Pathway) -> list[Issue]:
    message = "the warning-sign step comes from warning_signs.include and is always first; "
    message += "put this step's questions under 'warning_signs: questions:' instead."
    return [
        Issue(("steps", i, "kind"), message)
        for i, step in enumerate(pathway.steps)
        if step.kind == "safety"
    ]


def read_shared(path: str | Path) -> WarningSigns:
    """Read and validate the shared warning-sign file on its own (``validate`` uses this).

    The library sources it names come first in its ``sources``, then its own.

    Raises:
        PathwayError: The file is not a valid shared warning-sign file; lists every problem.
    """
    return read_shared_located(path)[0]


def read_shared_located(path: str | Path) -> tuple[WarningSigns, Node]:
    """:func:`read_shared`, with the file's parsed root to locate later findings in it."""
    shared, root = read_shared_text(read_text(path), str(path))
    if shared.library is None:
        return shared, root
    lib = shared.library
    use = _Use(lib.sources, Path(path).parent / lib.include, root, str(path), lib.include)
    used = [s for _, s in _used(_read_library([use]), [use])]
    return shared.model_copy(update={"sources": [*used, *shared.sources]}), root


def read_shared_text(text: str, source: str) -> tuple[WarningSigns, Node]:
    """Parse and validate shared warning-sign text; errors are located in that file."""
    with _gc_paused():
        return _read_shared_kind(
            text, source, "warning_signs", "a shared warning-sign file", WarningSigns
        )


def _read_shared_kind(
    text: str, source: str, kind: str, what: str, model: type[_Model]
) -> tuple[_Model, Node]:
    # A shared file (the screen, the sources library): parsed, its version checked, its kind
    # named at the top, then validated against its model; errors are located in that file.
    root, data, duplicates = _parse(text, source)
    _check_version(data, root, source)
    if data.get("kind") != kind:
        message = f"{source!r} is not {what}: it needs 'kind: {kind}' at the top."
        raise PathwayError(locate([Issue(("kind",), message)], root, source))
    return _validate(data, root, source, duplicates, model), root


def is_shared(path: str | Path) -> bool:
    """Whether ``path`` names a shared warning-sign file rather than a pathway (by its text)."""
    return _kind(path) == "warning_signs"


def is_library(path: str | Path) -> bool:
    """Whether ``path`` names the shared sources library rather than a pathway (by its text)."""
    return _kind(path) == "sources"


def _kind(path: str | Path) -> str | None:
    try:
        head = Path(path).read_text(encoding="utf-8-sig", errors="replace")[:4096]
    except OSError:
        return None
    for line in head.splitlines():
        if line.strip() in ("kind: warning_signs", "kind: sources"):
            return line.strip().removeprefix("kind: ")
    return None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector: parsing builds ~10 objects per YAML line, none of them in
    cycles, and repeated collection passes over that growing heap cost more than the parse."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise PathwayError(problems)


def _file_error(source: str, message: str) -> PathwayError:
    return PathwayError([Problem(source, 1, 1, "At file", message)])


# --- YAML ---------------------------------------------------------------------------------------


def _parse(text: str, source: str) -> tuple[Node, dict[str, Any], list[Node]]:
    has_aliases = _check_depth(text, source)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if has_aliases:  # without an alias nothing can expand
            _check_expansion(root, source)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, source) from exc
    except yaml.reader.ReaderError as exc:
        raise _character_error(exc, text, source) from exc
    except RecursionError as exc:
        raise _file_error(source, f"aliases nest deeper than {MAX_DEPTH} levels.") from exc
    finally:
        loader.dispose()
    if root is None or data is None:
        raise _file_error(source, "the file is empty: a pathway starts with 'schema_version: 1'.")
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"the single value {data!r}"
        message = f"the file holds {found}, but a pathway is a mapping of keys to values "
        message += "(schema_version: 1, id: ..., title: ..., ...)."
        raise PathwayError([_problem(source, root, "At file", message)])
    return root, data, loader.duplicates


_PLAIN = {
    "mapping values are not allowed": "a ':' is not allowed here; check the indentation, "
    "or put a value that contains ': ' in quotes",
    "did not find expected key": "the indentation does not line up: the keys of one mapping "
    "must start in the same column",
    "did not find expected '-' indicator": "the indentation does not line up: the items of a "
    "list must start with '-' in the same column",
    "did not find expected ',' or ']'": "a list opened with '[' is not closed with ']'",
    "did not find expected ',' or '}'": "a mapping opened with '{' is not closed with '}'",
    "found unexpected end of stream": "the file ends inside a quoted text: close the quote",
    "found undefined alias": "an alias (*name) refers to an anchor (&name) that is not defined",
    "could not determine a constructor": "this tag is not allowed: pathways use plain YAML, "
    "without '!!' tags",
    "but found another document": "the file holds more than one YAML document (a second "
    "'---'); a pathway file holds exactly one",
    "found character that cannot start any token": "this character cannot start a value here; "
    "put the value in quotes",
}


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_depth(text: str, source: str) -> bool:
    """Refuse nesting deeper than ``MAX_DEPTH`` before composing: the C composer recurses and
    would crash the interpreter on a few hundred thousand brackets. libyaml's event stream is
    produced without recursion, so counting it is safe (and cheaper than composing).

    Returns whether the text uses any alias (*name), so the expansion check can be skipped.
    """
    loader = _SafeLoader(text)
    depth = 0
    aliases = False
    try:
        while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent):
                aliases = True
            elif isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    message = f"the data nests deeper than {MAX_DEPTH} levels; flatten it."
                    line, column = _position(event.start_mark)
                    raise PathwayError([Problem(source, line, column, "YAML syntax", message)])
            elif isinstance(event, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        return True  # composing reports syntax errors with their location; check everything
    finally:
        loader.dispose()
    return aliases


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _check_expansion(root: Node | None, source: str) -> None:
    """Refuse aliases that stand for far more values than the file holds ('billion laughs').

    Validation and every later walk treat the data as a tree, so the expanded size is what
    costs time. Counted bottom-up with a stack: no recursion, each distinct node once.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        kids = _kids(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes.get(id(k), 0) for k in kids)
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in sizes)
    expanded = sizes.get(id(root), 0)
    if expanded > 2 * len(sizes) + MAX_ALIAS_GROWTH:
        message = f"aliases (*name) here stand for {expanded:,} values, far more than the file "
        message += "holds; write the repeated parts out, or use fewer aliases."
        raise PathwayError([_problem(source, root, "YAML syntax", message)])  # type: ignore[arg-type]


def _kids(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


def _character_error(exc: yaml.reader.ReaderError, text: str, source: str) -> PathwayError:
    line = text.count("\n", 0, exc.position) + 1
    column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    message = f"the character U+{code:04X} is not allowed in YAML (a control character): "
    return PathwayError([Problem(source, line, column, "YAML syntax", message + "remove it.")])


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, source: str) -> PathwayError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    plain = next((p for k, p in _PLAIN.items() if problem.startswith(k)), problem)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        plain = "a tab character: YAML indents with spaces only"
    message = f"{plain} (YAML parser: {problem})." if plain != problem else f"{problem}."
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return PathwayError([Problem(source, line, column, "YAML syntax", message)])


# --- structure ----------------------------------------------------------------------------------


def _check_version(data: dict[str, Any], root: Node, source: str) -> None:
    """Fail with one upgrade message unless the file is written for this schema version."""
    version = data.get("schema_version")
    if type(version) is int and version == SCHEMA_VERSION:
        return
    reads = f"this app reads version {SCHEMA_VERSION}"
    if "schema_version" not in data:
        message = f"'schema_version' is missing; {reads}: add 'schema_version: 1' at the top."
    elif type(version) is int and version > SCHEMA_VERSION:
        message = f"written for schema_version {version}; {reads}: update the app."
    elif type(version) is int and version >= 1:  # pragma: no cover - while SCHEMA_VERSION == 1
        message = f"written for schema_version {version}; {reads}: upgrade the file."
    else:
        message = f"{version!r} is not a known schema_version; {reads}: use 'schema_version: 1'."
    raise PathwayError(locate([Issue(("schema_version",), message)], root, source))


def _validate(
    data: dict[str, Any],
    root: Node,
    source: str,
    duplicates: list[Node],
    model: type[_Model] = Pathway,  # type: ignore[assignment]
) -> _Model:
    """``data`` as ``model`` (a pathway, or the shared warning signs), every problem located."""
    issues = _duplicate_issues(root, duplicates)
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        issues += from_validation_error(exc, data)
        raise PathwayError(locate(issues, root, source)) from exc
    _raise_if_any(locate(issues, root, source))
    return validated


def _duplicate_issues(root: Node, duplicates: list[Node]) -> list[Issue]:
    if not duplicates:
        return []
    paths = {id(node): path for path, node in _key_nodes(root, ())}
    message = "appears twice in this mapping; YAML would keep only the last one: remove one."
    return [Issue(paths[id(n)], f"{paths[id(n)][-1]!r} {message}", on_key=True) for n in duplicates]


def _key_nodes(node: Node, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Node]]:
    """Every key node under ``node`` with its key path (used only to report duplicate keys)."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            yield (*path, key_node.value), key_node
            yield from _key_nodes(value, (*path, key_node.value))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _key_nodes(item, (*path, index))


# --- locating -----------------------------------------------------------------------------------


def locate(issues: Iterable[Issue], root: Node, source: str) -> list[Problem]:
    """Turn issues into problems with line, column and the enclosing objects, in file order.

    Args:
        issues: Problems found by key path.
        root: The YAML node tree the data was built from.
        source: The file name for messages.

    Returns:
        Located problems sorted by line and column.
    """
    problems = [_locate(issue, root, source) for issue in issues]
    return sorted(problems, key=lambda p: (p.line, p.column))


def _locate(issue: Issue, root: Node, source: str) -> Problem:
    node, chain = root, []
    for depth, key in enumerate(issue.path):
        found = _child(node, key, on_key=issue.on_key and depth == len(issue.path) - 1)
        if found is None:
            break
        list_key = issue.path[depth - 1] if depth else ""
        if isinstance(found, MappingNode) and list_key in _OBJECTS:
            chain.append(_describe(found, list_key))
        node = found
    where = "At " + (" > ".join(chain) if chain else _describe(root, "Pathway"))
    if issue.path:
        where += f", key {format_path(issue.path)}"
    return _problem(source, node, where, issue.message, issue.severity)


def _child(node: Node, key: Any, *, on_key: bool) -> Node | None:
    if isinstance(node, MappingNode):
        pair: tuple[Node, Node]
        for pair in node.value:
            if pair[0].value == str(key):
                return pair[0] if on_key else pair[1]
    elif isinstance(node, SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def _describe(node: Node, list_key: object) -> str:
    name = _OBJECTS.get(str(list_key), str(list_key))
    for key_node, value in node.value if isinstance(node, MappingNode) else []:
        if key_node.value in _NAMING_KEYS and isinstance(value, ScalarNode):
            return f"{name}({key_node.value}={value.value!r})"
    return name


def _problem(
    source: str, node: Node, where: str, message: str, severity: Severity = "error"
) -> Problem:
    mark = node.start_mark
    return Problem(source, mark.line + 1, mark.column + 1, where, message, severity)
