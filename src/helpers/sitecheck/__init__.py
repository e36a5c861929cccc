"""The built site checked in a real browser: served locally, offline, page by page.

``serve`` serves a built site on 127.0.0.1, ``browser`` starts headless Chromium and watches a
page's console and requests (anything not local is blocked and reported), ``pages`` lists a
site's pages and anchors, and ``checks`` holds the checks, each returning what failed, named
by page. ``make check-site`` runs them over ``_build/html`` (``site_tests/``).
"""
