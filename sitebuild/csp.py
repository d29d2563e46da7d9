"""A Content-Security-Policy on every page, so the browser enforces what offline.py checks.

GitHub Pages sets no response headers, so the policy is a <meta http-equiv> tag, first in
<head> (a policy applies only to what comes after it). It allows scripts from the site itself
and the page's own inline scripts by their SHA-256 hashes (Material's configuration and
palette scripts), nothing from another host and no injected script: an inline script that
is not in the page as built does not run. WebAssembly compilation ('wasm-unsafe-eval') is
allowed only on the page where Pyodide runs. Styles may be inline (Material, the diagrams'
and charts' SVG carry style elements and attributes), but only the site serves stylesheets,
fonts and images. Runs last among the stages: the hashes must cover the final HTML.

A <meta> policy cannot set frame-ancestors, report-uri or sandbox; those need headers.
"""

import base64
import hashlib
import re

from sitebuild.build import BuildError, PageRef

# An inline script the browser runs: no src, and no type or a JavaScript type ("module"
# included). Data blocks (type="application/json") do not run and need no hash.
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
RUNNABLE_TYPES = {"", "module", "text/javascript", "application/javascript"}
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
EXISTING = re.compile(r"<meta[^>]+http-equiv=[\"']?Content-Security-Policy", re.IGNORECASE)
WASM_MARKER = "data-pyodide="  # the calculator's form (sitebuild/calculator.py)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for every inline script the page runs, sorted."""
    hashes = set()
    for match in SCRIPT.finditer(html):
        attrs = match["attrs"]
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = TYPE.search(attrs)
        if (kind[1].lower() if kind else "") not in RUNNABLE_TYPES:
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def policy(html: str) -> str:
    """The page's policy: scripts from the site and its own inline scripts only."""
    scripts = ["'self'", *inline_script_hashes(html)]
    if WASM_MARKER in html:
        scripts.append("'wasm-unsafe-eval'")
    directives = [
        "default-src 'self'",
        f"script-src {' '.join(scripts)}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def with_policy(html: str, where: str) -> str:
    """The HTML with its policy as the first element of <head>, after <meta charset>."""
    if EXISTING.search(html):
        raise BuildError(f"csp: {where} already has a Content-Security-Policy")
    charset = CHARSET.search(html)
    if charset is None:
        raise BuildError(f'csp: {where} has no <meta charset="utf-8"> to put the policy after')
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html[: charset.end()] + "\n    " + tag + html[charset.end() :]


class Policy:
    """The stage (sitebuild/build.py): the last to edit each page, the 404 page included."""

    def page(self, html: str, page: PageRef) -> str:
        return with_policy(html, page.source)
