"""``make book`` builds nothing when nothing it reads has changed, and everything otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers.book import pipeline, stamp


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A built toy book: sources, a catalogue, a raw file, a log and the required outputs."""
    for name, text in {"index.md": "# Book\n", "chapters/a.md": "# A\n",
                       "_toc.yml": "root: index\n",
                       "locales/zh_CN/LC_MESSAGES/a.po": 'msgid "A"\nmsgstr "甲"\n',
                       "data/raw/x.csv": "1\n", "chapters/profiles/logs/run.log": "ok\n",
                       "_static/two-sector-convergence.pdf": "%PDF",
                       **{p: "built" for p in stamp.REQUIRED_OUTPUTS}}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    stamp.record(tmp_path)
    return tmp_path


def test_a_book_built_from_what_is_there_is_current(book):
    assert stamp.current(book)


@pytest.mark.parametrize("change", ["edit", "add", "delete", "rename"])
def test_any_change_to_a_source_makes_it_stale(book, change):
    source = book / "chapters" / "a.md"
    if change == "edit":
        source.write_text("# A, edited\n", encoding="utf-8")
    elif change == "add":
        (book / "chapters" / "b.md").write_text("# B\n", encoding="utf-8")
    elif change == "delete":
        source.unlink()
    else:
        source.rename(book / "chapters" / "c.md")
    assert not stamp.current(book)


def test_a_changed_translation_makes_it_stale(book):
    po = book / "locales/zh_CN/LC_MESSAGES/a.po"
    po.write_text(po.read_text(encoding="utf-8").replace("甲", "乙"), encoding="utf-8")
    assert not stamp.current(book)


def test_what_the_build_does_not_read_leaves_it_current(book):
    (book / "data/raw/x.csv").write_text("2\n", encoding="utf-8")  # verified by checksum
    (book / "chapters/profiles/logs/run.log").write_text("again\n", encoding="utf-8")
    (book / "_static/two-sector-convergence.pdf").write_text("%PDF-2", encoding="utf-8")
    (book / "_build/html/other.html").write_text("new", encoding="utf-8")
    assert stamp.current(book)


@pytest.mark.parametrize("output", stamp.REQUIRED_OUTPUTS)
def test_a_missing_built_page_makes_it_stale(book, output):
    (book / output).unlink()
    assert not stamp.current(book)


def test_no_record_no_build_yet(book):
    stamp.forget(book)
    assert not stamp.current(book)


def _stages(*stages: tuple[int, ...]):
    """Stages of commands that print their number and exit with the code given."""
    def command(n: int, code: int) -> list[str]:
        return [sys.executable, "-c", f"print('step {n}'); raise SystemExit({code})"]

    numbered, n = [], 0
    for codes in stages:
        numbered.append([command(n + i, c) for i, c in enumerate(codes)])
        n += len(codes)
    return lambda jobs: numbered


def test_a_current_book_runs_no_step(book, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "stages", _stages((1,)))
    pipeline.build(root=book)
    assert "the book is current" in capsys.readouterr().out


def test_a_stale_book_runs_every_step_and_is_current_after(book, monkeypatch, capfd):
    (book / "index.md").write_text("# Book, edited\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "stages", _stages((0,), (0, 0)))
    pipeline.build(root=book)
    out = capfd.readouterr().out
    assert all(f"step {n}" in out for n in range(3)) and stamp.current(book)


def test_force_builds_a_current_book(book, monkeypatch, capfd):
    monkeypatch.setattr(pipeline, "stages", _stages((0,)))
    pipeline.build(root=book, force=True)
    assert "step 0" in capfd.readouterr().out


def test_a_failed_step_is_named_and_the_book_is_not_current(book, monkeypatch, capfd):
    (book / "index.md").write_text("# Book, edited\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "stages", _stages((0,), (3, 0, 4), (0,)))
    with pytest.raises(pipeline.BuildFailed,
                       match=r"print\('step 1'\).*exit status 3.*print\('step 3'\).*exit status 4"):
        pipeline.build(root=book)
    out = capfd.readouterr().out
    assert all(f"step {n}" in out for n in (1, 2, 3)), "a stage's other steps run to the end"
    assert "step 4" not in out, "no stage after a failed one"
    (book / "index.md").write_text("# Book\n", encoding="utf-8")  # back as it was built
    assert not stamp.current(book), "a failed build must not leave the old record"


def test_the_build_steps_are_the_books():
    stages = [[" ".join(cmd[1:]) for cmd in stage] for stage in pipeline.stages(3)]
    assert stages[0] == ["-m helpers runs execute --jobs 3"]
    assert stages[1] == ["-m helpers check-outputs",
                         "-m helpers data-bundle _static/data-behind-this-book.zip"]
    assert stages[2] == ["build . -W -n --keep-going", "-m helpers translations build"]
    assert len(stages) == 4
