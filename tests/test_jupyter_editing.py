"""Editing a chapter in Jupyter, against a real Jupyter Server started as `make lab` starts
JupyterLab (same settings), on a copy of the chapter: open the `.md` as a notebook, run it in
the project's kernel, save a prose edit, and check the pair, the outputs and the metadata.
And the editing environment: jupyterlab-myst at its pin, compatible with this JupyterLab, with
its `{eval}` executor off (what it renders: site_tests/test_jupyterlab.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import uuid
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from helpers.book import lab
from helpers.paths import ROOT

websocket = pytest.importorskip("websocket")

CHAPTER = "chapters/concepts"
TOKEN = uuid.uuid4().hex
EDIT = " An editor's sentence, added in Jupyter."


class Kernel:
    """Code run in a kernel through the server's websocket, as JupyterLab runs it."""

    def __init__(self, server: lab.Server, kernel_id: str) -> None:
        url = (f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels"
               f"?token={TOKEN}")
        self.ws = websocket.create_connection(url, timeout=300)
        self.session = uuid.uuid4().hex

    def run(self, code: str) -> list[dict]:
        """Execute ``code``; the outputs it sent (an error fails the test)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": self.session,
                       "username": "test", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        outputs, replied, idle = [], False, False
        while not (replied and idle):
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind == "error":
                pytest.fail(f"{CHAPTER}: a cell failed in Jupyter: {msg['content']['evalue']}")
            if kind in {"display_data", "stream", "execute_result"}:
                outputs.append(msg["content"])
            replied |= kind == "execute_reply"
            idle |= kind == "status" and msg["content"]["execution_state"] == "idle"
        return outputs


def _glued(outputs: list[dict]) -> dict[str, str]:
    """Glued text values by name, from outputs (kernel messages or saved outputs)."""
    found = {}
    for out in outputs:
        name = out.get("metadata", {}).get("scrapbook", {}).get("name")
        text = out.get("data", {}).get("application/papermill.record/text/plain")
        if name and text is not None:
            found[name] = text
    return found


@pytest.fixture(scope="module")
def book_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editing") / "book"
    (root / "chapters").mkdir(parents=True)
    for suffix in (".md", ".ipynb"):
        shutil.copy2(ROOT / f"{CHAPTER}{suffix}", root / f"{CHAPTER}{suffix}")
    shutil.copy2(ROOT / "jupytext.toml", root / "jupytext.toml")
    return root


@pytest.fixture(scope="module")
def server(book_copy: Path):
    srv = lab.Server(book_copy, TOKEN)
    yield srv
    srv.stop()


def test_chapter_edited_in_jupyter(server: lab.Server, book_copy: Path) -> None:
    committed = nbformat.read(book_copy / f"{CHAPTER}.ipynb", as_version=4)

    # The .md opens as a notebook, with the outputs of its .ipynb twin.
    model = server.api("GET", f"/api/contents/{CHAPTER}.md?type=notebook&content=1")
    assert model["type"] == "notebook", f"{CHAPTER}.md did not open as a notebook"
    nb = model["content"]
    assert [c["source"] for c in nb["cells"]] == [c.source for c in committed.cells]
    saved_glue = _glued([o for c in committed.cells for o in c.get("outputs", [])])
    assert _glued([o for c in nb["cells"] for o in c.get("outputs", [])]) == saved_glue

    # The project's kernel is the default, and it runs this environment with its helpers.
    specs = server.api("GET", "/api/kernelspecs")
    assert specs["default"] == lab.KERNEL
    session = server.api("POST", "/api/sessions", {
        "path": f"{CHAPTER}.md", "type": "notebook", "name": "",
        "kernel": {"name": lab.KERNEL}})
    kernel = Kernel(server, session["kernel"]["id"])
    where = kernel.run("import sys, helpers; print(sys.prefix, helpers.__file__)")
    prefix, module = where[0]["text"].split()
    assert Path(prefix) == Path(sys.prefix)
    assert Path(module).resolve() == (ROOT / "src/helpers/__init__.py").resolve()

    # Every cell runs, and the values it glues are those the book shows.
    kernel.run(f"import os; os.chdir({str(book_copy / 'chapters')!r})")
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in kernel.run(c["source"])]
    assert _glued(outputs) == saved_glue
    assert saved_glue["t2_early"]  # a value the prose quotes
    shown = [o for o in outputs if "application/vnd.vega.v5+json" in o.get("data", {})]
    assert shown, "no chart was shown in Jupyter"
    kernel.ws.close()

    # A prose edit saved from Jupyter reaches both files, and nothing else changes.
    first_md = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "markdown"
                    and c["source"].rstrip().endswith("."))
    nb["cells"][first_md]["source"] = nb["cells"][first_md]["source"].rstrip() + EDIT
    server.api("PUT", f"/api/contents/{CHAPTER}.md",
               {"type": "notebook", "format": "json", "content": nb})
    twin = nbformat.read(book_copy / f"{CHAPTER}.ipynb", as_version=4)
    assert twin.cells[first_md].source.endswith(EDIT)
    assert EDIT.strip() in (book_copy / f"{CHAPTER}.md").read_text(encoding="utf-8")
    for i, (new, old) in enumerate(zip(twin.cells, committed.cells, strict=True)):
        # No metadata is added on the way (the MyST notary marks cells trusted in memory).
        assert new.metadata == old.metadata, f"metadata of cell {i} changed"
        if i != first_md:
            assert new.source == old.source, f"cell {i} changed"
            assert new.get("outputs") == old.get("outputs"), f"outputs of cell {i} changed"

    # The pair is in sync: jupytext has nothing to do.
    before = {s: (book_copy / f"{CHAPTER}{s}").read_bytes() for s in (".md", ".ipynb")}
    sync = subprocess.run([sys.executable, "-m", "jupytext", "--sync", f"{CHAPTER}.md"],
                          cwd=book_copy, capture_output=True, text=True, timeout=120)
    assert sync.returncode == 0, sync.stderr
    assert {s: (book_copy / f"{CHAPTER}{s}").read_bytes() for s in before} == before, \
        f"jupytext --sync changed the pair: {sync.stdout}"

    # And its outputs still equal a fresh run (nbval, as `make test` runs it).
    check = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(ROOT / "tests/nbval_sanitize.cfg"), "-p", "no:cacheprovider",
         f"{CHAPTER}.ipynb"], cwd=book_copy, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, check.stdout[-3000:]


def _pinned(package: str) -> str:
    """The version ``requirements.lock`` pins for ``package``."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(package)}==(\S+)$", lock, flags=re.MULTILINE | re.IGNORECASE)
    assert found, f"{package} is not pinned in requirements.lock"
    return found.group(1)


def test_myst_renderer_in_jupyterlab() -> None:
    """jupyterlab-myst is installed at its pin, enabled, compatible with the pinned JupyterLab
    (a newer release may need a newer JupyterLab), and its executor is off once `make lab`'s
    settings are written."""
    version = _pinned("jupyterlab_myst")
    assert metadata.version("jupyterlab_myst") == version
    lab.write_settings()
    listing = subprocess.run([sys.executable, "-m", "jupyterlab.labextensions", "list"],
                             env=lab.environment(), capture_output=True, text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    line = next((x for x in text.splitlines() if x.strip().startswith("jupyterlab-myst ")), "")
    assert f"v{version} enabled OK" in line, f"jupyterlab-myst is not enabled and OK:\n{text}"
    assert "is not compatible" not in text, text
    disabled = text.split("Disabled extensions:", 1)[-1] if "Disabled extensions:" in text else ""
    assert "jupyterlab-myst:executor" in disabled, f"the {{eval}} executor is not off:\n{text}"


def test_lab_settings_keep_what_is_there(tmp_path: Path) -> None:
    """`make lab` writes its settings and page configuration into an environment without
    dropping what an editor or JupyterLab put there."""
    config = lab.page_config_path(tmp_path)
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"disabledExtensions": ["other:plugin"], "extra": 1}))
    overrides = lab.write_settings(tmp_path)
    assert json.loads(overrides.read_text()) == lab.LAB_SETTINGS
    page = json.loads(config.read_text())
    assert page["extra"] == 1
    for key in ("disabledExtensions", "lockedExtensions"):
        assert set(page[key]) >= set(lab.DISABLED_PLUGINS), key
    assert page["disabledExtensions"]["other:plugin"] is True
    before = config.stat().st_mtime_ns
    lab.write_settings(tmp_path)
    assert config.stat().st_mtime_ns == before, "unchanged settings were written again"
