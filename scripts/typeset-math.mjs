// Typeset TeX formulas to HTML (MathJax 3 CommonHTML with assistive MathML), for sitebuild/math.py.
//
// Input on stdin, one JSON object a line: {"fontURL": "..."} first, then {"tex": "...", "display": bool}
// for each formula. Each formula is typeset as soon as its line arrives, so the build keeps
// rendering pages meanwhile. When stdin closes, one JSON object goes to stdout:
// {"version", "results": [{"html"} | {"error"}] in input order, "css"}.
// The CSS covers every character typeset in this run; the fonts it names are under fontURL.
import {createInterface} from 'node:readline';
import {mathjax} from 'mathjax-full/js/mathjax.js';
import {TeX} from 'mathjax-full/js/input/tex.js';
import {CHTML} from 'mathjax-full/js/output/chtml.js';
import {liteAdaptor} from 'mathjax-full/js/adaptors/liteAdaptor.js';
import {RegisterHTMLHandler} from 'mathjax-full/js/handlers/html.js';
import {AssistiveMmlHandler} from 'mathjax-full/js/a11y/assistive-mml.js';
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';

// The packages the pages use. An unknown macro is an error (no `noundefined`), and every TeX
// error is thrown instead of being drawn as a red box (formatError).
const PACKAGES = ['base', 'ams', 'newcommand', 'boldsymbol'];
// The browser used to scale formulas to the ex-height of the text font (matchFontHeight);
// 119.5% is what it computed for the site's sans-serif text, fixed here.
const SCALE = '119.5%';

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The TeX source travels in the assistive MathML as an annotation, so it can be copied.
function annotate(html, tex) {
  return html.replace(
    /(<mjx-assistive-mml[^>]*><math[^>]*>)([\s\S]*)(<\/math><\/mjx-assistive-mml>)/,
    (_, open, body, close) =>
      `${open}<semantics><mrow>${body}</mrow>` +
      `<annotation encoding="application/x-tex">${escape(tex)}</annotation></semantics>${close}`,
  );
}

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
let chtml;
let html;
const results = [];

for await (const line of createInterface({input: process.stdin, crlfDelay: Infinity})) {
  if (!line.trim()) continue;
  const message = JSON.parse(line);
  if (!html) {
    const tex = new TeX({
      packages: PACKAGES,
      formatError: (_jax, error) => {
        throw error;
      },
    });
    chtml = new CHTML({fontURL: message.fontURL, adaptiveCSS: true});
    html = mathjax.document('', {InputJax: tex, OutputJax: chtml});
    continue;
  }
  try {
    const node = html.convert(message.tex, {display: message.display, em: 16, ex: 8, containerWidth: 1280});
    // Focusable, as in the browser's MathJax: a wide formula scrolls, and the keyboard must reach it
    adaptor.setAttribute(node, 'tabindex', '0');
    results.push({html: annotate(adaptor.outerHTML(node), message.tex)});
  } catch (error) {
    results.push({error: error.message});
  }
}

const css = html ? adaptor.textContent(chtml.styleSheet(html)) : '';
const scale = `mjx-container[jax="CHTML"] {\n  font-size: ${SCALE};\n}\n`;
process.stdout.write(JSON.stringify({version: mathjax.version, results, css: `${css}\n\n${scale}`}));
