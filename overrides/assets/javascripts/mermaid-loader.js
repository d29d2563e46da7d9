// Material renders diagrams through a global `mermaid` (and downloads it from a CDN when
// there is none). This small stand-in is that global: it loads the self-hosted library
// (data-src) only when the first diagram is rendered, so the 2.6 MB script never blocks
// the page from showing.
(function () {
  var src = document.currentScript.getAttribute("data-src");
  var config = {};
  var loading = null;
  function load() {
    loading =
      loading ||
      new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () {
          window.mermaid.initialize(config);
          resolve(window.mermaid);
        };
        script.onerror = function () {
          reject(new Error("could not load " + src));
        };
        document.head.appendChild(script);
      });
    return loading;
  }
  window.mermaid = {
    initialize: function (options) {
      config = options;
    },
    render: function (id, text) {
      return load().then(function (mermaid) {
        return mermaid.render(id, text);
      });
    },
  };
})();
