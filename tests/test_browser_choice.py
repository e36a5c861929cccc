"""Which Chromium the browser checks and the PDFs drive."""

from __future__ import annotations

import pytest

from helpers.sitecheck import browser


def _executable(folder, name):
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def bin_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("HELPERS_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    return tmp_path


def test_the_headless_shell_comes_before_the_full_browser(bin_dir):
    _executable(bin_dir, "chromium")
    shell = _executable(bin_dir, "chromium-headless-shell")
    assert browser.chromium() == shell


def test_the_full_browser_when_there_is_no_headless_shell(bin_dir):
    assert browser.chromium() is None
    full = _executable(bin_dir, "chromium")
    assert browser.chromium() == full


def test_helpers_chromium_names_the_executable(bin_dir, monkeypatch):
    _executable(bin_dir, "chromium-headless-shell")
    mine = _executable(bin_dir / "..", "my-chromium")
    monkeypatch.setenv("HELPERS_CHROMIUM", str(mine))
    assert browser.chromium() == mine
    monkeypatch.setenv("HELPERS_CHROMIUM", str(bin_dir / "missing"))
    assert browser.chromium() is None


def test_no_chromium_is_an_error_naming_what_to_install(bin_dir):
    with pytest.raises(RuntimeError, match="chromium-headless-shell.*HELPERS_CHROMIUM"):
        browser.launch(object())
