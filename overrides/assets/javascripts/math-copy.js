// Copying a selection that holds formulas gives their TeX ($...$ inline, $$...$$ display):
// the typeset glyphs are drawn by CSS and copy as nothing. Each formula keeps its TeX in
// the assistive MathML, as <annotation encoding="application/x-tex">.
function tex(container) {
  const annotation = container.querySelector('annotation[encoding="application/x-tex"]');
  const source = annotation ? annotation.textContent : "";
  return container.getAttribute("display") === "true" ? `$$${source}$$` : `$${source}$`;
}

document.addEventListener("copy", (event) => {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || !event.clipboardData) return;
  const containers = [...document.querySelectorAll("mjx-container")];
  const ranges = [...Array(selection.rangeCount).keys()].map((i) => selection.getRangeAt(i));
  // Other copies (a code block's copy button, text without formulas) are left alone
  if (!ranges.some((range) => containers.some((c) => range.intersectsNode(c)))) return;
  const texts = [];
  for (const range of ranges) {
    const inside = containers.filter((c) => range.intersectsNode(c));
    if (!inside.length) {
      texts.push(range.toString());
      continue;
    }
    const fragment = range.cloneContents();
    // The clone holds the intersecting containers, whole or cut, in document order, unless
    // the selection lies inside one formula
    const clones = [...fragment.querySelectorAll("mjx-container")];
    if (clones.length !== inside.length) {
      texts.push(inside.map(tex).join(" "));
      continue;
    }
    clones.forEach((clone, n) => clone.replaceWith(tex(inside[n])));
    texts.push(fragment.textContent);
  }
  event.clipboardData.setData("text/plain", texts.join("\n"));
  event.preventDefault();
});
