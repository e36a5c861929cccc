"""The book as one PDF (``make pdf``): a single-page build printed by headless Chromium.

``toc`` picks the pages (of the profiles, only the default runs of the report's four
economies), ``site`` builds them as one HTML page (warnings are errors; ``sphinx_left_out``
links the pages left out to the website), ``page`` prepares that page for print (title
page, contents, vector charts), ``printer`` prints it twice (the second time with the contents'
page numbers) and ``outline`` adds the bookmarks. ``build`` runs the steps for one language.
"""
