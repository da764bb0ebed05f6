"""Supply chain: the image and `make` install exactly the locked packages, hashes and all.

`make lock` writes requirements.lock and requirements-dev.lock from requirements*.txt with
pip-tools; these tests fail when a direct pin and its lock disagree, when a locked package has
no hash, when the two locks disagree, when this environment runs something other than the lock,
or when the Dockerfile or Makefile stop using the locks or the base image loses its digest.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    return {_name(n): v for n, v in PIN.findall(path.read_text(encoding="utf-8"))}


def entries(path: Path) -> list[str]:
    """The lock's package entries, each with its hash lines."""
    text = path.read_text(encoding="utf-8")
    return [e for e in re.split(r"\n(?=[A-Za-z0-9])", text) if PIN.match(e)]


@pytest.mark.parametrize(("source", "lock"), [("requirements.txt", "requirements.lock"),
                                              ("requirements-dev.txt", "requirements-dev.lock")])
def test_every_direct_pin_is_locked_with_hashes(source: str, lock: str) -> None:
    locked = pins(ROOT / lock)
    direct = pins(ROOT / source)
    if source == "requirements-dev.txt":
        direct |= pins(ROOT / "requirements.txt")
    assert {n: locked.get(n) for n in direct} == direct
    for entry in entries(ROOT / lock):
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
    assert len(entries(ROOT / lock)) == len(locked) > len(direct)  # indirect packages too


def test_the_two_locks_agree() -> None:
    runtime, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {n: dev.get(n) for n in runtime} == runtime


def test_this_environment_runs_the_lock() -> None:
    def installed(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    locked = pins(ROOT / "requirements-dev.lock")
    assert {n: installed(n) for n in locked} == locked


def test_the_image_and_make_install_from_the_locks() -> None:
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim@sha256:[0-9a-f]{64}$", docker, re.M)
    assert "--require-hashes -r requirements.lock" in docker
    assert "COPY requirements.lock" in docker and "requirements.txt" not in docker.split("FROM")[1]
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in make
    assert "--require-hashes -r requirements-dev.lock" in make
    assert re.search(r"^lock:", make, re.M)
