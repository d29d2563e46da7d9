// Material requests the search index as soon as a page loads: about 300 KB gzipped, parsed as
// JSON on the main thread and indexed in a worker, on every page, whether or not the reader
// searches. This holds that one request back until the reader reaches for search: pointing at
// or focusing the search field, pressing Material's search keys (which focus it), opening
// search on a phone, or arriving with a query in the address (?q= or ?h=). Until then the
// search box says it is initializing, as it does while the index loads.
(function () {
  if (typeof WeakSet !== "function") return; // very old browser: leave Material as it is
  var INDEX = /\/search\/search_index\.json(?:[?#]|$)/;
  var held = new WeakSet();
  var release;
  var wanted = new Promise(function (resolve) {
    release = resolve;
  });
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(String(url))) held.add(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!held.has(this)) return send.apply(this, arguments);
    var request = this;
    var args = arguments;
    wanted.then(function () {
      send.apply(request, args);
    });
  };

  function inSearch(target) {
    return target && target.closest && target.closest(".md-search, label[for='__search']");
  }
  ["focusin", "pointerover", "touchstart"].forEach(function (type) {
    document.addEventListener(
      type,
      function (event) {
        if (inSearch(event.target)) release();
      },
      { passive: true, capture: true }
    );
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") release();
  });
  if (/[?&][qh]=/.test(location.search)) release();
})();
