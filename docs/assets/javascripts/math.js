// Render math with the site's own KaTeX (assets/vendor/katex), loaded only on pages that have
// math. Works with instant navigation: Material emits document$ on every page change.
(function () {
  var loading = null;
  // Resolved against this script's own URL, so it works on every page, the print page included.
  var base = new URL("../vendor/katex/", document.currentScript.src).href;
  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }
  function katexReady() {
    if (!loading) {
      loading = Promise.all([
        load("link", {rel: "stylesheet", href: base + "katex.min.css"}),
        load("script", {src: base + "katex.min.js"})
      ]).then(function () { return load("script", {src: base + "contrib/auto-render.min.js"}); });
    }
    return loading;
  }
  function render() {
    if (!document.querySelector(".arithmatex")) return;
    katexReady().then(function () {
      document.querySelectorAll(".arithmatex").forEach(function (el) {
        renderMathInElement(el, {
          delimiters: [
            {left: "\\(", right: "\\)", display: false},
            {left: "\\[", right: "\\]", display: true}
          ]
        });
      });
    });
  }
  document$.subscribe(render);
})();
