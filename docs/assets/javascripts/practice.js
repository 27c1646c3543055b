// Practice mode: self-test on answer pages and the mock interview page (practice.md).
//
// Items are the page's .mj-qa blocks (its 一句话回答 and each 追问), rendered by the build with
// stable ids (mianjing/practice.py). A reader hides the answers, reveals them one by one and marks
// each 会 / 不会. Everything stays in this browser (localStorage); nothing is sent anywhere. Works
// with Material's instant navigation (document$ emits on every page change) and with the keyboard:
// every control is a native <button>.
(function () {
  var KEY = "mianjing:practice:v1";

  function load() {
    try {
      var s = JSON.parse(localStorage.getItem(KEY));
      if (s && typeof s === "object" && s.marks) return s;
    } catch (e) { /* a corrupt entry starts over */ }
    return {marks: {}, on: false};
  }
  function save(state) {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: marks live until reload */ }
  }
  function button(label, cls, attrs) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button mj-btn " + (cls || "");
    b.textContent = label;
    Object.keys(attrs || {}).forEach(function (k) { b.setAttribute(k, attrs[k]); });
    return b;
  }
  function answerOf(qa) { return qa.querySelector(":scope > .mj-a"); }

  // One item's controls: reveal, then 会 / 不会 (aria-pressed shows the saved mark).
  function controls(qa, state, onChange) {
    var id = qa.getAttribute("data-qa");
    var answer = answerOf(qa);
    if (!answer || qa.querySelector(":scope > .mj-controls")) return;
    answer.id = answer.id || "mj-a-" + id.replace(/[^\w-]/g, "-");
    var bar = document.createElement("div");
    bar.className = "mj-controls";
    var reveal = button("显示答案", "mj-reveal", {"aria-expanded": "false", "aria-controls": answer.id});
    var know = button("会", "mj-know", {"aria-pressed": "false"});
    var dont = button("不会", "mj-dont", {"aria-pressed": "false"});
    function paint() {
      var mark = state.marks[id];
      know.setAttribute("aria-pressed", String(mark === "know"));
      dont.setAttribute("aria-pressed", String(mark === "dont"));
      qa.setAttribute("data-mark", mark || "");
      var open = qa.classList.contains("mj-revealed");
      reveal.textContent = open ? "隐藏答案" : "显示答案";
      reveal.setAttribute("aria-expanded", String(open));
    }
    reveal.addEventListener("click", function () { qa.classList.toggle("mj-revealed"); paint(); });
    [[know, "know"], [dont, "dont"]].forEach(function (pair) {
      pair[0].addEventListener("click", function () {
        state = load();
        if (state.marks[id] === pair[1]) delete state.marks[id]; else state.marks[id] = pair[1];
        save(state);
        paint();
        onChange();
      });
    });
    bar.appendChild(reveal); bar.appendChild(know); bar.appendChild(dont);
    qa.insertBefore(bar, answer);
    qa.mjPaint = paint;
    paint();
  }

  // ------------------------------------------------------------------ answer pages
  function answerPage(root) {
    var holder = root.querySelector(".mj-practice");
    if (!holder || holder.getAttribute("data-ready")) return;
    holder.setAttribute("data-ready", "1");
    var items = Array.prototype.slice.call(root.querySelectorAll(".mj-qa"));
    var toggle = button("自测模式", "mj-toggle", {"aria-pressed": "false"});
    var status = document.createElement("span");
    status.className = "mj-status";
    status.setAttribute("role", "status");
    function summary() {
      var s = load(), know = 0, dont = 0;
      items.forEach(function (qa) {
        var m = s.marks[qa.getAttribute("data-qa")];
        if (m === "know") know++; else if (m === "dont") dont++;
      });
      status.textContent = "本页 " + items.length + " 项：会 " + know + "，不会 " + dont;
    }
    function apply() {
      var on = load().on;
      // the controls are hidden outside self-test mode: made the first time it is turned on, so
      // a page read normally does no extra layout work
      if (on) items.forEach(function (qa) { controls(qa, load(), summary); });
      document.body.classList.toggle("mj-practising", on);
      toggle.setAttribute("aria-pressed", String(on));
      toggle.textContent = on ? "退出自测" : "自测模式：先藏起答案";
      items.forEach(function (qa) {
        if (!on) qa.classList.remove("mj-revealed");
        if (qa.mjPaint) qa.mjPaint();
      });
    }
    toggle.addEventListener("click", function () {
      var s = load(); s.on = !s.on; save(s); apply();
    });
    holder.appendChild(toggle);
    holder.appendChild(status);
    apply();
    summary();
  }

  // ------------------------------------------------------------------ the mock interview
  function mockInterview(root) {
    var mock = root.querySelector(".mj-mock");
    var dataEl = root.querySelector("#mj-mock-data");
    if (!mock || !dataEl || mock.getAttribute("data-ready")) return;
    mock.setAttribute("data-ready", "1");
    var data = JSON.parse(dataEl.textContent);
    var cards = Array.prototype.slice.call(mock.querySelectorAll(".mj-card"));
    var panel = mock.querySelector(".mj-mock-controls");
    document.body.classList.add("mj-mocking");

    function select(label, name, options) {
      var wrap = document.createElement("label");
      wrap.className = "mj-field";
      wrap.appendChild(document.createTextNode(label));
      var s = document.createElement("select");
      s.name = name;
      options.forEach(function (o) {
        var opt = document.createElement("option"); opt.value = o[0]; opt.textContent = o[1]; s.appendChild(opt);
      });
      wrap.appendChild(s);
      panel.appendChild(wrap);
      return s;
    }
    var round = select("面试与轮次", "round", [["", "全部"]].concat(data.rounds));
    var topic = select("栏目", "topic", [["", "全部"]].concat(data.topics));
    var importance = select("重要程度", "importance", [["", "全部"], ["high", "只看高频"], ["high,medium", "高频和常见"]]);
    var start = button("开始模拟面试", "md-button--primary mj-start");
    var review = button("复习标记为「不会」的", "mj-review");
    panel.appendChild(start); panel.appendChild(review);
    var progress = document.createElement("p");
    progress.className = "mj-progress";
    progress.setAttribute("role", "status");
    panel.appendChild(progress);

    var queue = [], pos = 0, reviewing = false;
    var state = load();
    cards.forEach(function (card) {
      Array.prototype.slice.call(card.querySelectorAll(".mj-qa")).forEach(function (qa) {
        controls(qa, state, function () {});
      });
    });

    function chosen(card) {
      var r = round.value, t = topic.value, imp = importance.value;
      return (!r || card.getAttribute("data-round") === r) && (!t || card.getAttribute("data-topic") === t) &&
             (!imp || imp.split(",").indexOf(card.getAttribute("data-importance")) >= 0);
    }
    function build(onlyDont) {
      var marks = load().marks, seen = {};
      queue = [];
      cards.forEach(function (card) {
        card.hidden = true;
        if (!chosen(card)) return;
        Array.prototype.slice.call(card.querySelectorAll(".mj-qa")).forEach(function (qa) {
          var id = qa.getAttribute("data-qa");
          qa.classList.remove("mj-revealed");
          if (qa.mjPaint) qa.mjPaint();
          if (seen[id]) return;            // one page answering two questions: its items are asked once
          seen[id] = true;
          if (!onlyDont || marks[id] === "dont") queue.push({card: card, qa: qa});
        });
      });
      pos = 0;
      reviewing = onlyDont;
    }
    function show() {
      cards.forEach(function (c) { c.hidden = true; c.querySelectorAll(".mj-qa").forEach(function (q) { q.hidden = true; }); });
      mock.querySelectorAll(".mj-next").forEach(function (b) { b.remove(); });
      if (pos >= queue.length) { finish(); return; }
      var cur = queue[pos];
      cur.card.hidden = false;
      for (var i = 0; i <= pos; i++) if (queue[i].card === cur.card) queue[i].qa.hidden = false;
      var next = button(pos + 1 < queue.length ? "下一个" : "结束", "mj-next");
      next.addEventListener("click", function () { pos++; show(); });
      cur.qa.appendChild(next);
      progress.textContent = (reviewing ? "复习：" : "") + "第 " + (pos + 1) + " / " + queue.length + " 项";
      var q = cur.qa.querySelector(".mj-q");
      if (q) { q.setAttribute("tabindex", "-1"); q.focus({preventScroll: false}); }
    }
    function finish() {
      var marks = load().marks, know = 0, dont = 0;
      queue.forEach(function (x) {
        var m = marks[x.qa.getAttribute("data-qa")];
        if (m === "know") know++; else if (m === "dont") dont++;
      });
      progress.textContent = queue.length
        ? "完成：共 " + queue.length + " 项，会 " + know + "，不会 " + dont + "。点「复习标记为不会的」再过一遍。"
        : (reviewing ? "没有标记为「不会」的项。" : "没有符合条件的题。");
      mock.classList.remove("mj-running");
      review.focus();
    }
    start.addEventListener("click", function () { build(false); mock.classList.add("mj-running"); show(); });
    review.addEventListener("click", function () { build(true); mock.classList.add("mj-running"); show(); });
  }

  function init() {
    // after the page has rendered, when the browser is idle: a reader sees the text first
    (window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); })(function () {
      answerPage(document);
      mockInterview(document);
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);      // Material: every page, instant navigation included
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
