"""The site's build machinery, as a package the MkDocs hook, the scripts and the tests share.

Each module does one stage of the build (typeset formulas, draw diagrams, vendor assets, ...);
build.py lists the stages in the order they run (`python -m sitebuild` prints it) and runs
them, and hooks/build.py, the only module that imports MkDocs, hands them MkDocs' events. What
more than one stage, script or test needs has one home here:

- languages.py: the languages, their site roots and their configuration files;
- words.py, words.yml: the interface words of each language;
- browser.py: where Chromium is and how it is launched (build, PDF script, browser tests);
- formulas.py: how a formula looks in Markdown and in the rendered HTML;
- markdown.py: how a page's Markdown is read (fences, headings, includes, footnotes);
- cache.py: the disk cache the stages keep between builds, under .cache/;
- vendor_assets.py: the files of Pyodide the site serves (PYODIDE_RUNTIME);
- serve.py: the built site served on 127.0.0.1, gzip as GitHub Pages does it (tests, benchmark,
  PDF script);
- visit.py: a reader's visit in headless Chromium, and the calculator's first use (browser
  tests, benchmark);
- snippets.py: which files are snippets and how a reader launches each (tests, benchmarks).

The package is importable because the repository root is on sys.path: the hook puts it there,
pytest's `pythonpath` does for the tests, and each script does for itself.
"""
