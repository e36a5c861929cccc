# Two commands set everything up and do the work: `make book` and `make test`.
# Both create the virtual environment and fetch the raw data when needed, and are quick
# when nothing has changed.

PYTHON ?= python3.11
JOBS   ?= 2
VENV   := .venv
BIN    := $(VENV)/bin
ENV_STAMP  := $(VENV)/.installed
SOURCES    := index.md $(sort $(wildcard chapters/*.md)) chapters/profiles/template.md
NOTEBOOKS  := $(SOURCES:.md=.ipynb)

.PHONY: book translations profiles test check-site check-pdf pdf pdf-tools chromium setup data lint notebooks sync lab chapter benchmark clean

# Both editions: the default profiles (JOBS at a time), the check that no page holds an error
# output, the data archive, the English site and the Chinese one (warnings are errors), then
# stale profile pages removed (python -m helpers build-book --help). Nothing is done when
# nothing the build reads has changed since its last success; FORCE=1 builds anyway.
book: setup data _static/vega-bundle.js
	$(BIN)/python -m helpers build-book --jobs $(JOBS) $(if $(FORCE),--force)

# The Chinese edition's catalogues (locales/zh_CN/LC_MESSAGES/*.po) brought in line with the
# English book (profiles included, so they are run first): new strings empty, changed ones
# fuzzy. Then `python -m helpers translations status` lists what is left to translate.
translations: setup data profiles
	$(BIN)/python -m helpers translations update

# The default country x year profiles (data/runs.csv), executed in parallel; runs whose output
# is current are skipped. Any other economy-year: `python -m helpers runs execute SPEC ...`.
profiles: setup data
	$(BIN)/python -m helpers runs execute --jobs $(JOBS)

# The one offline Vega bundle every page loads; Sphinx does not replace a changed static
# file in an existing build, so a built copy that differs goes too. The bundle is rewritten
# only when its text changes, so it is touched here: otherwise make would run this after
# every new install, and the built copy's removal would make every `make book` a full build.
_static/vega-bundle.js: $(ENV_STAMP)
	$(BIN)/python -m helpers charts-bundle $@
	cmp -s $@ _build/html/_static/vega-bundle.js || rm -f _build/html/_static/vega-bundle.js
	touch $@

# Tests and notebooks run JOBS at a time (pytest-xdist); each notebook's cells stay together
# in one process, in order (--dist loadfile). Chromium is installed first where it can be (as
# root, see the chromium target), so that the tests of the browser checks and of the PDF's
# printing run; where it is not, they are skipped, saying so.
test: setup data
	@$(MAKE) --no-print-directory chromium \
	  || echo "note: without Chromium, the tests that drive it are skipped"
	$(BIN)/ruff check src tests site_tests pdf_tests benchmarks
	$(BIN)/python -m pytest tests -n $(JOBS)
	$(BIN)/python -m pytest --nbval --nbval-current-env -n $(JOBS) --dist loadfile \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider $(NOTEBOOKS)

# The built site in headless Chromium, offline (site_tests/): every page loads without a
# console error or failed request, its charts draw and their CSV links hold their data, its
# links and anchors resolve, no page scrolls sideways at 1400 or 390 px, and search finds
# what it should. Screenshots of the chapters go to _build/screenshots. Run after `make book`.
# Pages are checked SITE_WORKERS at a time (pytest-xdist). Of the generated profile pages an
# eighth is loaded, each at one of the two widths, turning with each commit (SITE_ROTATION=all:
# every one at both); every page's HTML is checked in every run.
check-site: setup chromium
	@test -f _build/html/index.html || { echo "error: no built site in _build/html: run make book first"; exit 1; }
	@test -f _build/html/_static/two-sector-convergence.pdf || { echo "error: the index links the PDF, which is not built: run make pdf first"; exit 1; }
	$(BIN)/python -m pytest site_tests -q -n $(SITE_WORKERS) --dist loadgroup

# The book as one PDF, printed by Chromium from a single-page build of the same sources:
# _build/pdf/two-sector-convergence.pdf, copied beside the data archive (_static/, and the
# built site's). The two editions print at once, each in its own process; the Chinese one
# is skipped, saying so, while there is no Chinese build (_build/html/zh). Like the site's,
# the single-page builds make warnings errors (-W -n --keep-going); their links to the
# profiles the PDF leaves out go to the website, or are plain text while _config.yml gives
# no html.baseurl.
pdf: book chromium pdf-tools
	$(BIN)/python -m helpers pdf --lang en zh_CN

# The PDFs' text layer, outline and pages (pdf_tests/): titles, captions and glued numbers as
# the site shows them, Chinese in a CJK font, nothing printed in the margins. Run after make pdf;
# the two editions are checked side by side (JOBS processes).
check-pdf: setup pdf-tools
	@test -f _build/pdf/two-sector-convergence.pdf || { echo "error: no PDF in _build/pdf: run make pdf first"; exit 1; }
	$(BIN)/python -m pytest pdf_tests -q -n $(JOBS) --dist loadgroup

# A CJK font for the Chinese text (Debian fonts-noto-cjk), installed with apt-get when run
# as root. The checks read and draw the PDFs with PDFium (pypdfium2, in the lock).
pdf-tools:
	@command -v fc-list >/dev/null && fc-list :lang=zh family | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq fonts-noto-cjk 2>/dev/null \
	      || { apt-get update -qq && apt-get install -y -qq fonts-noto-cjk; }; \
	  else \
	    echo "error: no CJK font: run 'sudo apt-get install fonts-noto-cjk'"; exit 1; \
	  fi; }

# Chromium from the system's packages, and the system's CJK fonts (fonts-noto-cjk) so pages
# of the Chinese edition render offline. The checks and the PDFs drive Chromium's headless
# shell (Debian: apt-get install chromium-headless-shell), installed with apt-get as root: it
# draws what the full browser draws, with less work, and installs a fraction of the full
# browser's packages. It is installed without the packages Debian only recommends beside
# it (a desktop's printing, sound, notification and device services: about 110 packages
# that a headless browser never loads), but with the one of them that draws, the Liberation
# fonts: with the CJK fonts, 21 packages in 16 s here (update included) where the recommended
# set made 131 in about 45 s; the PDFs' pages are the same, compared as images.
# Where the system has no such package, the full browser is used (apt-get install
# chromium); HELPERS_CHROMIUM names any other Chromium executable.
# Browser checks run in this many processes, each with its own Chromium and server (every
# check still made once); JupyterLab's checks stay together in one.
SITE_WORKERS ?= 2
chromium:
	@test -n "$$HELPERS_CHROMIUM" || command -v chromium-headless-shell >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	        chromium-headless-shell fonts-liberation; } \
	      || command -v chromium >/dev/null || apt-get install -y -qq chromium; \
	  elif ! command -v chromium >/dev/null; then \
	    echo "error: Chromium is not installed: run 'sudo apt-get install chromium-headless-shell'"; \
	    echo "       (Debian), or 'sudo apt-get install chromium', or set HELPERS_CHROMIUM to a"; \
	    echo "       Chromium executable"; exit 1; \
	  fi; }
	@command -v fc-list >/dev/null && fc-list :lang=zh | grep -q . || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq fonts-noto-cjk 2>/dev/null \
	      || { apt-get update -qq && apt-get install -y -qq fonts-noto-cjk; }; \
	  else \
	    echo "warning: no Chinese font: the Chinese edition's screenshots show empty boxes;"; \
	    echo "         run 'sudo apt-get install fonts-noto-cjk' (Debian/Ubuntu)"; \
	  fi; }

# The lock pins every package the book needs, and only those (installed --no-deps; a test
# checks that every requirement of a locked package is locked). It leaves out one optional
# package: rfc3987-syntax, which jupyter-events asks for through jsonschema's
# "format-nongpl" extra, compiles 38 parsers when it is imported, adding about 2 s to every
# process that imports jsonschema (every notebook kernel, Sphinx build and CLI command);
# without it jsonschema does not check the "iri" string format, which nothing here uses.
# The lock is installed by uv (its version pinned in the lock, installed first with pip):
# it fetches and unpacks wheels in parallel and byte-compiles them on every core, about 25 s
# for the whole lock where pip took about 90 s. Wheels come from PyPI (uv's own cache in
# ~/.cache/uv makes a second install quicker still).
# The book's own modules byte-compiled (those changed since, in a fraction of a second):
# a process that may not write bytecode itself (PYTHONDONTWRITEBYTECODE) would otherwise
# compile them again each time it starts, about 0.1 s in each of hundreds of processes.
setup: $(ENV_STAMP)
	@$(BIN)/python -m compileall -q src

UV = $(BIN)/uv
UV_INSTALL = $(UV) pip install --quiet --python $(BIN)/python --no-deps
$(ENV_STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $$(grep '^uv==' requirements.lock)
	$(UV_INSTALL) --compile-bytecode -r requirements.lock
	$(UV_INSTALL) --no-build-isolation -e .
	touch $@

# Every run re-verifies every raw file (a few tenths of a second), rather than trusting a
# stamp, then warms the caches: every raw file parsed and the panel computed (JOBS processes),
# once, before the tests, notebooks and profiles that read them (about a second when current).
data: setup
	$(BIN)/python -m helpers fetch --warm --jobs $(JOBS)

# Editors: after changing a chapter's .md (or helpers), re-pair and re-execute notebooks.
sync: setup
	$(BIN)/jupytext --sync $(SOURCES)

notebooks: setup data sync
	$(BIN)/python -m helpers execute $(NOTEBOOKS)

# Editors: JupyterLab at the book's root on localhost, the project's kernel by default; a
# chapter's .md opens as a notebook, and saving writes both files of the pair.
lab: setup data
	$(BIN)/python -m helpers lab

# One chapter after an edit (make chapter NAME=problems): re-pair, re-execute, and check that
# its saved outputs equal a fresh run (nbval), as `make test` will.
# The name as the shell sees it, without quotes (a valid name has none).
CHAPTER_NAME = $(subst ",,$(subst ',,$(NAME)))
CHAPTER_MD = $(if $(filter index,$(CHAPTER_NAME)),index.md,chapters/$(CHAPTER_NAME).md)
chapter: setup data
	@case '$(CHAPTER_NAME)' in ''|*[!a-z0-9_-]*) false;; esac && test -f "$(CHAPTER_MD)" || { echo "error: no chapter '$(CHAPTER_NAME)': give NAME= one of: index $(notdir $(basename $(wildcard chapters/*.md)))"; exit 1; }
	$(BIN)/jupytext --sync $(CHAPTER_MD)
	$(BIN)/python -m helpers execute $(CHAPTER_MD:.md=.ipynb)
	$(BIN)/python -m pytest --nbval --nbval-current-env \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider $(CHAPTER_MD:.md=.ipynb)

# Timings of the heavy steps beside their targets; pymrio, the reference, lives in its own
# environment (.venv-bench, from benchmarks/requirements.lock), not in the book's.
BENCH_STAMP := .venv-bench/.installed

$(BENCH_STAMP): benchmarks/requirements.lock
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.lock
	touch $@

benchmark: setup data $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py --reference-python .venv-bench/bin/python

clean:
	rm -rf _build
