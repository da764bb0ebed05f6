"""Fuzz the pathway loader: whatever a file holds, the loader returns a Pathway or raises our
documented PathwayError, quickly and in bounded memory. Never a crash, a hang or a traceback.

Hazard HAZ-09 (a broken pathway file taking the app down) points at the tests here.

Mutations start from every shipped pathway (and the test fixture): parsed into data, changed by
hypothesis (a key or item deleted, a value of the wrong type, a huge string, deep nesting, a
duplicated id, an unknown key), dumped back to YAML and loaded with ``from_text``; or changed as
text and bytes (truncation, YAML syntax, tags, non-UTF-8) and loaded with ``read``. Adversarial
inputs that could hang or crash the interpreter (alias bombs, very deep nesting) run in a forked
child with a memory limit and a timeout, so a failure is reported instead of taking pytest down.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import multiprocessing
import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from time_limits import time_limit as limit

from decision_aid.errors import PathwayError
from decision_aid.load import MAX_BYTES, from_text, read
from decision_aid.model import Pathway
from decision_aid.path import visible_steps
from decision_aid.plan import plan
from testing import strategies
from testing.strategies import ByteEdit, apply_byte_edits

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "example.yaml"
PATHWAY_FILES = sorted((ROOT / "pathways").glob("*.yaml")) + [FIXTURE]
TIME_LIMIT_S = 3.0
"""One load, however hostile the input, must finish within this (real loads take ~10 ms)."""
MEMORY_LIMIT = 1024**3
"""Extra address space a hostile load may use in the child process."""

Key = str | int


@contextmanager
def time_limit(seconds: float = TIME_LIMIT_S) -> Iterator[None]:
    """Turn a hang into a test failure (inputs here are small, so this is only a guard)."""
    with limit(seconds, "the load"):
        yield


def load_outcome(text: str) -> Pathway | PathwayError:
    """Load ``text``: a Pathway or our PathwayError; anything else propagates and fails."""
    with time_limit():
        try:
            # named as if in pathways/, so that the shared warning signs it includes resolve
            pathway = from_text(text, str(ROOT / "pathways" / "fuzz.yaml"))
        except PathwayError as error:
            assert error.problems, "a PathwayError must list at least one located problem"
            return error
    # A file the loader accepts must not take the engine down either.
    plan(pathway, {})
    visible_steps(pathway, {})
    return pathway


# --- data-level mutations ----------------------------------------------------------------------


def _base_data() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in PATHWAY_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path
        out.append((path.stem, data))
    return out


BASES = _base_data()


def paths_in(value: Any, prefix: tuple[Key, ...] = ()) -> list[tuple[Key, ...]]:
    """Every key path inside ``value`` (the root excluded)."""
    out: list[tuple[Key, ...]] = []
    items: list[tuple[Key, Any]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for key, child in items:
        out.append((*prefix, key))
        out.extend(paths_in(child, (*prefix, key)))
    return out


def _parent(data: Any, path: tuple[Key, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


WRONG_TYPES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just({}),
    st.just([]),
    st.just(""),
    st.just("   "),
)


def _nest(value: Any, depth: int, as_list: bool) -> Any:
    for _ in range(depth):
        value = [value] if as_list else {"not": value}
    return value


Edit = tuple[str, float, Any]
"""One data mutation: its kind, which key path (a fraction of all paths) and its parameter."""

EDIT = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1), st.none()),
    st.tuples(st.just("wrong_type"), st.floats(0, 1), WRONG_TYPES),
    st.tuples(
        st.just("huge"),
        st.floats(0, 1),
        st.tuples(st.sampled_from("xé\u202e<"), st.integers(1, 300)),
    ),
    st.tuples(st.just("nest"), st.floats(0, 1), st.tuples(st.integers(1, 60), st.booleans())),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.none()),
    st.tuples(st.just("unknown_key"), st.floats(0, 1), st.sampled_from(["Id", "tittle", "x"])),
    st.tuples(st.just("swap"), st.floats(0, 1), st.floats(0, 1)),
)


def _pick(paths: list[tuple[Key, ...]], where: float) -> tuple[Key, ...]:
    return paths[min(int(where * len(paths)), len(paths) - 1)]


def apply_data_edits(base: dict[str, Any], edits: list[Edit]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``edits`` applied in order."""
    data = copy.deepcopy(base)
    for kind, where, param in edits:
        paths = paths_in(data)
        if not paths:
            break
        path = _pick(paths, where)
        parent, key = _parent(data, path), path[-1]
        if kind == "delete":
            del parent[key]
        elif kind == "wrong_type":
            parent[key] = param
        elif kind == "huge":
            char, kilo = param
            parent[key] = char * (kilo * 1000)
        elif kind == "nest":
            parent[key] = _nest(parent[key], *param)
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        elif kind == "unknown_key" and isinstance(parent, dict):
            parent[param] = 1
        elif kind == "swap":
            other = _pick(paths, param)
            parent[key] = copy.deepcopy(_parent(data, other)[other[-1]])
    return data


def dump(data: Any) -> str:
    """``data`` as YAML text. JSON is YAML, and writing it is ~50x faster than PyYAML's dumper
    on the main pathway; YAML syntax itself is fuzzed by the byte mutations below."""
    return json.dumps(data, ensure_ascii=False, default=str, indent=1)


@pytest.mark.parametrize("path", PATHWAY_FILES, ids=lambda p: p.stem)
def test_every_shipped_pathway_loads(path: Path) -> None:
    """The starting points of the fuzz are themselves valid."""
    assert isinstance(load_outcome(path.read_text(encoding="utf-8")), Pathway)


@settings(suppress_health_check=[HealthCheck.data_too_large])  # its huge strings are the point
@given(index=st.integers(0, len(BASES) - 1), edits=st.lists(EDIT, min_size=1, max_size=3))
def test_mutated_pathways_load_or_raise_pathway_error(index: int, edits: list[Edit]) -> None:
    load_outcome(dump(apply_data_edits(BASES[index][1], edits)))


# --- text and byte mutations -------------------------------------------------------------------

TEXTS = [(p.stem, p.read_bytes()) for p in PATHWAY_FILES]
SNIPPETS = [
    b":",
    b"- ",
    b"&a ",
    b"*a",
    b"*nowhere",
    b"!!python/object/apply:os.system ['true']",
    b"!!binary AAAA",
    b"\t",
    b"\n---\n",
    b"{",
    b"[",
    b"'",
    b'"',
    b"%YAML 1.1\n",
    b"? ",
    b"<<: *a\n",
    b"\x00",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\r",
    b"\x85",
    b"~",
    b"!!timestamp 2026-13-45",
    b"2026-02-30",
    b"0x1F",
    b".inf",
]


@st.composite
def byte_edits(draw: st.DrawFn) -> tuple[int, list[ByteEdit]]:
    """Which file, and a few edits of its bytes."""
    return draw(st.integers(0, len(TEXTS) - 1)), draw(strategies.byte_edits(SNIPPETS, 4, 8))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "pathway.yaml"


@given(recipe=byte_edits())
def test_mutated_bytes_read_or_raise_pathway_error(
    scratch: Path, recipe: tuple[int, list[tuple[str, float, bytes]]]
) -> None:
    index, edits = recipe
    scratch.write_bytes(apply_byte_edits(TEXTS[index][1], edits))
    with time_limit():
        try:
            read(scratch)
        except PathwayError as error:
            assert error.problems


@given(junk=st.binary(max_size=200) | st.text(max_size=200))
def test_junk_is_refused_with_pathway_error(scratch: Path, junk: bytes | str) -> None:
    scratch.write_bytes(junk if isinstance(junk, bytes) else junk.encode("utf-8"))
    with pytest.raises(PathwayError), time_limit():
        read(scratch)


def test_missing_file_is_a_pathway_error(tmp_path: Path) -> None:
    with pytest.raises(PathwayError, match="cannot read"):
        read(tmp_path / "nowhere.yaml")


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(FIXTURE.read_bytes() + b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(PathwayError, match="limit"), time_limit():
        read(big)


# --- hostile inputs, in a child process --------------------------------------------------------

EXAMPLE = FIXTURE.read_text(encoding="utf-8")
STEP_PAIN = "  - id: pain\n    kind: questions\n"
LEAF = "{question: coping, operator: equals, value: true}"
BAD_LEAF = "{question: coping, operator: bogus, value: true}"


def _in_step_condition(condition: str) -> str:
    """The example pathway with ``condition`` as the enable_when of its 'pain' step."""
    assert STEP_PAIN in EXAMPLE
    return EXAMPLE.replace(STEP_PAIN, f"{STEP_PAIN}    enable_when:\n{condition}")


def _alias_bomb(levels: int, leaf: str, fan_out: int = 10) -> str:
    """A 'billion laughs' made of conditions: each level holds ``fan_out`` aliases of the last.

    The text stays a few kilobytes, but the tree the aliases stand for has fan_out**levels
    leaves, and anything that walks it as a tree (validation, error reporting, evaluating the
    condition on every rerun of the app) takes exponential time.
    """
    lines = [f"      all:\n        - &c0 {{all: [{leaf}, {leaf}]}}"]
    for i in range(1, levels):
        lines.append(f"        - &c{i} {{all: [" + ", ".join([f"*c{i - 1}"] * fan_out) + "]}")
    return _in_step_condition("\n".join(lines) + "\n")


def _scalar_bomb(levels: int) -> str:
    """The classic billion laughs, under a key the model does not know."""
    lines = ["lol:", "  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"  - &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return EXAMPLE + "\n".join(lines) + "\n"


HOSTILE = {
    "alias_bomb_unknown_key": _scalar_bomb(9),
    "alias_bomb_valid_condition": _alias_bomb(8, LEAF),
    "alias_bomb_invalid_condition": _alias_bomb(8, BAD_LEAF),
    "deep_flow_lists_200k": EXAMPLE + "extra: " + "[" * 200_000 + "]" * 200_000 + "\n",
    "deep_flow_maps_100k": EXAMPLE + "extra: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
    "deep_lists_10k": EXAMPLE + "extra: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "deep_condition_2k": _in_step_condition(
        "      " + "{not: " * 2_000 + LEAF + "}" * 2_000 + "\n"
    ),
    "many_aliases_of_a_big_string": EXAMPLE
    + "big: &big "
    + "x" * 100_000
    + "\nmany: ["
    + ", ".join(["*big"] * 10_000)
    + "]\n",
    "python_object_tag": EXAMPLE + "x: !!python/object/apply:os.system ['echo pwned']\n",
    "merge_key_loop": EXAMPLE + "a: &a {b: 1}\nc: {<<: *a, <<: *a}\n",
    "huge_string_just_under_limit": EXAMPLE.replace(
        "title: Example pathway", "title: " + "é" * (MAX_BYTES // 2 - len(EXAMPLE))
    ),
}


def _child(text: str, conn: Any) -> None:  # pragma: no cover - runs in the forked child
    limit = _address_space() + MEMORY_LIMIT
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        load_outcome(text)
        conn.send("ok")
    except PathwayError:
        conn.send("ok")
    except BaseException as error:  # noqa: BLE001 - report anything else to the parent
        conn.send(f"{type(error).__name__}: {str(error)[:300]}")
    finally:
        conn.close()
        os._exit(0)


def _address_space() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0  # pragma: no cover


def run_isolated(text: str, timeout: float = TIME_LIMIT_S) -> str:
    """Load ``text`` in a forked child: 'ok', or what went wrong (hang, crash, exception)."""
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(text, child_conn))
    process.start()
    child_conn.close()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return f"hang: no answer within {timeout} s"
    if parent_conn.poll():
        return str(parent_conn.recv())
    return f"crash: the process died with exit code {process.exitcode} (negative = signal)"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_refused_quickly_without_crashing(name: str) -> None:
    assert run_isolated(HOSTILE[name]) == "ok", name
