// Render ```mermaid fences with the site's own Mermaid (ES module build, assets/vendor/mermaid):
// the small entry module loads only the chunks a diagram type needs, and nothing is fetched on
// pages without diagrams. Works with instant navigation (Material emits document$ per page).
(function () {
  var entry = new URL("../vendor/mermaid/mermaid.esm.min.mjs", document.currentScript.src).href;
  var loading = null;
  var count = 0;
  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }
  function render() {
    var blocks = document.querySelectorAll("pre.diagram-mermaid");
    if (!blocks.length) return;
    loading = loading || import(entry).then(function (m) { return m.default; });
    loading.then(async function (mermaid) {
      mermaid.initialize({startOnLoad: false, securityLevel: "strict", theme: scheme(),
                          fontFamily: getComputedStyle(document.body).fontFamily});
      for (const pre of blocks) {
        const {svg} = await mermaid.render("diagram-" + (count++), pre.textContent);
        const div = document.createElement("div");
        div.className = "diagram-mermaid";
        div.innerHTML = svg;
        pre.replaceWith(div);
      }
    });
  }
  document$.subscribe(render);
})();
