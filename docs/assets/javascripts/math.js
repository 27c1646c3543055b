// Render math with the site's own KaTeX (assets/vendor/katex), loaded only when a formula comes
// near the screen (within two screen heights), so a reader who stays at the top of a long answer
// downloads and runs no KaTeX. Works with instant navigation: Material emits document$ on every
// page change. Printing renders everything first (beforeprint); the PDF (mianjing/pdf.py) calls
// window.mianjingRenderAllMath() and waits for it.
(function () {
  var loading = null;
  // Resolved against this script's own URL, so it works on every page, the print page included.
  var base = new URL("../vendor/katex/", document.currentScript.src).href;
  var delimiters = [
    {left: "\\(", right: "\\)", display: false},
    {left: "\\[", right: "\\]", display: true}
  ];
  var observer = null;
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
  // Typeset in slices of ~30 ms, yielding between them, so much math never blocks the page for long.
  function typeset(elements) {
    return katexReady().then(function () {
      var pending = elements.slice();
      return new Promise(function (done) {
        (function slice() {
          var start = performance.now();
          while (pending.length && performance.now() - start < 30) {
            var el = pending.shift();
            if (el.isConnected && !el.querySelector(".katex")) renderMathInElement(el, {delimiters: delimiters});
          }
          if (pending.length) setTimeout(slice, 0); else done();
        })();
      });
    });
  }
  function all() {
    return Array.prototype.slice.call(document.querySelectorAll(".arithmatex"));
  }
  window.mianjingRenderAllMath = function () {
    if (observer) observer.disconnect();
    return typeset(all());
  };
  function render() {
    if (observer) observer.disconnect();
    var elements = all();
    if (!elements.length) return;
    if (!("IntersectionObserver" in window)) { typeset(elements); return; }
    observer = new IntersectionObserver(function (entries, self) {
      var near = entries.filter(function (e) { return e.isIntersecting; }).map(function (e) { return e.target; });
      near.forEach(function (el) { self.unobserve(el); });
      if (near.length) typeset(near);
    }, {rootMargin: "200% 0px"});
    elements.forEach(function (el) { observer.observe(el); });
  }
  window.addEventListener("beforeprint", function () {
    if (observer) observer.disconnect();
    if (!window.renderMathInElement) { window.mianjingRenderAllMath(); return; }
    all().forEach(function (el) {  // synchronously: the page is printed when this returns
      if (!el.querySelector(".katex")) renderMathInElement(el, {delimiters: delimiters});
    });
  });
  document$.subscribe(render);
})();
