"""The one MkDocs hook: hands MkDocs' events to the build's stages (sitebuild/build.py), which
run in the order written there. This is the only module of the build that knows MkDocs: it
turns MkDocs' pages and files into the stages' plain values and back, and their `BuildError`
into MkDocs' `PluginError` (a build error with the stage's message).

MkDocs executes this file anew each time it reads the configuration (each `mkdocs serve`
rebuild); the stages, and what they keep between builds, live in `Build.shared`.
"""

import contextlib
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from sitebuild.build import Build, BuildError, PageRef, Site  # noqa: E402

build: Build | None = None
site: Site | None = None


@contextlib.contextmanager
def reported():
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from None


def page_ref(page) -> PageRef:
    toc = []

    def walk(items):
        for item in items:
            toc.append((item.title, item.id))
            walk(item.children)

    walk(page.toc or [])
    source = page.file.abs_src_path
    return PageRef(
        source=page.file.src_uri,
        url=page.url,
        meta=page.meta,
        toc=tuple(toc),
        path=Path(source) if source else None,
    )


def site_file(added, config) -> File:
    if added.page:  # a source the renderer renders (mkdocs-jupyter reads its src_dir)
        return File(
            added.uri,
            src_dir=str(added.root()),
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
        )
    if added.content is not None:
        return File.generated(config, added.uri, content=added.content)
    return File.generated(config, added.uri, abs_src_path=str(added.path))


def on_config(config):
    global build, site
    site = Site(
        language=config.theme["language"],
        docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir),
        extra=config.extra,
        palette=bool(config.theme.get("palette")),
    )
    build = Build.shared(site.language)
    with reported():
        build.configure(site)
    return config


@event_priority(50)  # before mkdocs-jupyter looks for notebooks
def on_files(files, config):
    with reported():
        for added in build.files(site):
            files.append(site_file(added, config))
    return files


def on_page_markdown(markdown, page, config, files):
    with reported():
        return build.markdown(markdown, page_ref(page))


def on_page_content(html, page, config, files):
    with reported():
        return build.content(html, page_ref(page))


def on_env(env, config, files):
    with reported():
        for added in build.finish(site):
            files.append(site_file(added, config))
    return env


def on_post_page(output, page, config):
    with reported():
        return build.page(output, page_ref(page))


def on_post_template(output, template_name, config):
    if not template_name.endswith(".html"):
        return output  # sitemap.xml
    with reported():  # the 404 page: served at any path
        return build.page(output, PageRef(source=template_name, url=None))


def on_post_build(config):
    with reported():
        build.after_build(site)


def on_build_error(error):
    if build is not None:
        build.abort()
