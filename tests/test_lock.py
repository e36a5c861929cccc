"""``requirements.lock`` is the whole environment: installed with ``--no-deps``, every
requirement of a locked package is itself locked, and what is left out is left out on
purpose."""

from __future__ import annotations

import importlib.util
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from helpers.paths import ROOT

#: Optional packages the lock leaves out, each with the reason (see the Makefile's setup).
LEFT_OUT = {"rfc3987-syntax": "compiles 38 parsers on import: about 2 s for every process "
                              "that imports jsonschema"}


def _locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned exactly (name==version)"
            pins[canonicalize_name(name)] = version
    return pins


def test_every_requirement_of_a_locked_package_is_locked():
    locked = _locked()
    missing = []
    for name in locked:
        for text in metadata.requires(name) or []:
            req = Requirement(text)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue  # an extra's requirement, or another platform's
            if canonicalize_name(req.name) not in locked:
                missing.append(f"{name} requires {req}")
    assert not missing, "not in requirements.lock: " + "; ".join(missing)


def test_the_environment_is_the_lock():
    locked = _locked()
    for name, version in locked.items():
        assert metadata.version(name) == version, f"{name}: {metadata.version(name)} installed"
    for name, reason in LEFT_OUT.items():
        assert canonicalize_name(name) not in locked, f"{name} is locked but {reason}"
        assert importlib.util.find_spec(name.replace("-", "_")) is None, \
            f"{name} is installed: {reason}"
