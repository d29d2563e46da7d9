// Diagrams are drawn at build time into declarative shadow roots
// (<template shadowrootmode="open">). Browsers older than that feature (Chrome 111,
// Safari 16.4, Firefox 123) leave the template inert: attach its content here instead.
if (!Object.prototype.hasOwnProperty.call(HTMLTemplateElement.prototype, "shadowRootMode")) {
  document.querySelectorAll("template[shadowrootmode]").forEach(function (template) {
    var root = template.parentNode.attachShadow({ mode: template.getAttribute("shadowrootmode") });
    root.appendChild(template.content);
    template.remove();
  });
}
