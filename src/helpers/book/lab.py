"""Editing chapters in JupyterLab: the server's settings, shared by ``make lab`` and its test.

A chapter's ``.md`` opens as a notebook (jupytext's viewer is the default for Markdown and
MyST files), saving writes both files of the pair (jupytext's contents manager, enabled by
its own server configuration), and every kernel is the project's environment: the kernel
specs of the environment that runs the server come first on ``JUPYTER_PATH``, ahead of any
the user has installed, and its ``python3`` runs that environment's interpreter.

Markdown cells are rendered as MyST by ``jupyterlab-myst`` (pinned in ``requirements.lock``):
admonitions, figures, math and cross-references as the book shows them. It knows nothing of
myst-nb's glue: a ``{glue:text}`` role shows the glued name, and a ``{glue:figure}``
directive a collapsed "Unknown Directive" box; the values themselves show beneath the cell
that glues them (``helpers.book.glue_view``). Its executor, which evaluates ``{eval}`` roles
in the kernel, is disabled: the book's build cannot evaluate such a role, so JupyterLab should
not show one working.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

#: The kernel every notebook of the book declares, and the server's default.
KERNEL = "python3"

#: JupyterLab settings for editors: open text notebooks as notebooks by default, and never
#: ask to fetch news or updates from the network.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"},
    },
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False, "fetchNews": "false",
    },
}

#: JupyterLab plugins switched off for editors (the page configuration's ``disabledExtensions``
#: and ``lockedExtensions``).
DISABLED_PLUGINS = {"jupyterlab-myst:executor": True}


def environment(prefix: Path | None = None) -> dict[str, str]:
    """The process environment for a server whose kernels come from ``prefix`` (default:
    the running interpreter's environment)."""
    prefix = Path(prefix or sys.prefix)
    env = dict(os.environ)
    data = str(prefix / "share" / "jupyter")
    env["JUPYTER_PATH"] = os.pathsep.join([data, *filter(None, [env.get("JUPYTER_PATH")])])
    return env


def server_args(root: Path, port: int, *, open_browser: bool = True,
                token: str | None = None) -> list[str]:
    """Options for ``jupyter lab`` or ``jupyter server``: the book's root, localhost only,
    the project's kernel by default."""
    args = [f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--MappingKernelManager.default_kernel_name={KERNEL}",
            f"--ServerApp.open_browser={open_browser}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--ServerApp.allow_root=True")  # containers and CI machines run as root
    if token is not None:
        args.append(f"--IdentityProvider.token={token}")
    return args


def _read_json(path: Path) -> dict:
    """The JSON object at ``path``; empty if there is no file."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _merge_json(path: Path, entries: dict) -> None:
    """Set ``entries`` (top-level keys) in the JSON object at ``path``, keeping its other keys;
    the file is written only when that changes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    current = _read_json(path)
    merged = {**current, **entries}
    if merged != current:
        path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def page_config_path(prefix: Path | None = None) -> Path:
    """The environment's JupyterLab page configuration (where ``jupyter labextension
    disable`` writes)."""
    return Path(prefix or sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"


def write_page_config(prefix: Path | None = None) -> Path:
    """Disable and lock ``DISABLED_PLUGINS`` in the environment's page configuration, keeping
    any other plugin it disables or locks (locked: JupyterLab's plugin manager cannot turn it
    back on, as JupyterLab itself does with every plugin disabled before it knew of locks)."""
    path = page_config_path(prefix)
    current = _read_json(path)
    entries = {}
    for key in ("disabledExtensions", "lockedExtensions"):
        names = current.get(key, {})
        if isinstance(names, list):  # the older form: a list of names
            names = dict.fromkeys(names, True)
        entries[key] = {**names, **DISABLED_PLUGINS}
    _merge_json(path, entries)
    return path


def write_settings(prefix: Path | None = None) -> Path:
    """Write ``LAB_SETTINGS`` as the environment's JupyterLab setting overrides (an editor's
    own settings still win) and disable ``DISABLED_PLUGINS``; the overrides' path."""
    path = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    _merge_json(path, LAB_SETTINGS)
    write_page_config(prefix)
    return path


class Server:
    """A Jupyter Server (``app="server"``) or JupyterLab (``app="lab"``) on a free localhost
    port, with the settings of ``make lab``, for tests; ``stop`` ends it. JupyterLab keeps its
    workspaces and user settings beside ``root``, so neither an editor's layout nor their own
    settings reach the test, and the test leaves neither behind."""

    def __init__(self, root: Path, token: str, app: str = "server", timeout: float = 60) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = token
        self.log = Path(root).parent / f"jupyter-{app}.log"
        module = {"server": "jupyter_server", "lab": "jupyterlab"}[app]
        args = server_args(Path(root), self.port, open_browser=False, token=token)
        if app == "lab":
            state = Path(root).parent / "lab-state"
            args += [f"--LabApp.workspaces_dir={state / 'workspaces'}",
                     f"--LabApp.user_settings_dir={state / 'user-settings'}"]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            env=environment(), stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Jupyter {app} did not start on port {self.port}: "
                                       f"{self.log.read_text()[-2000:]}") from None
                time.sleep(0.3)

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """One REST call; the decoded JSON answer."""
        req = urllib.request.Request(
            self.base + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            text = r.read().decode()
        return json.loads(text) if text else {}

    def stop(self, grace: float = 3) -> None:
        """End the server and its kernels: asked to stop, then, after ``grace`` seconds, the
        whole process group killed (a server waiting on a kernel's shutdown otherwise takes
        20 s or more; a test's server holds nothing to save)."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
