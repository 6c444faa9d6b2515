/* The review desk's keyboard, move suggestions and passage selection. The desk works without
   this script (every action is a plain form); it only makes the same forms quicker to use.

   Keys: j/k next/previous citation, c confirm, r reject, m move, a confirm all, n next article,
   ? the list of keys. Single-key shortcuts can be turned off (WCAG 2.1.4). */
(function () {
  "use strict";

  var desk = document.querySelector(".review-desk");
  if (!desk) return;
  var text = document.getElementById("desk-text");
  var citations = Array.prototype.slice.call(desk.querySelectorAll(".desk-citation"));
  var keysDialog = document.getElementById("desk-keys");
  var keysButton = document.getElementById("desk-keys-button");
  var keysToggle = document.getElementById("desk-keys-enabled");
  var current = -1;
  var STORE = "review-desk-keys";

  /* ---------------------------------------------------------------- the current citation */

  function select(index) {
    if (!citations.length) return;
    current = (index + citations.length) % citations.length;
    citations.forEach(function (el, i) { el.classList.toggle("current", i === current); });
    var id = citations[current].getAttribute("data-citation");
    text.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    var marks = text.querySelectorAll('mark[data-citations~="' + id + '"]');
    marks.forEach(function (m) { m.classList.add("current"); });
    citations[current].focus();
    citations[current].scrollIntoView({block: "nearest"});
    if (marks.length) marks[0].scrollIntoView({block: "center"});
  }

  function currentCitation() {
    if (current < 0) select(0);
    return citations[current];
  }

  function press(selector) {
    var citation = currentCitation();
    var button = citation && citation.querySelector(selector);
    if (button) button.click();
  }

  /* ---------------------------------------------------------------- keys */

  function keysEnabled() {
    return window.localStorage.getItem(STORE) !== "off";
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  var KEYS = {
    j: function () { select(current + 1); },
    k: function () { select(current - 1); },
    c: function () { press(".desk-confirm"); },
    r: function () { press(".desk-reject"); },
    m: function () {
      var citation = currentCitation();
      var box = citation && citation.querySelector(".desk-move-query");
      if (box) box.focus();
    },
    a: function () { document.getElementById("confirm-all").click(); },
    n: function () {
      var next = document.getElementById("next-article");
      if (next) window.location.assign(next.href);
    },
    "?": function () { keysDialog.showModal(); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (keysDialog.open || !keysEnabled()) return;
    var action = KEYS[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  keysButton.hidden = false;
  keysButton.addEventListener("click", function () { keysDialog.showModal(); });
  keysToggle.checked = keysEnabled();
  keysToggle.addEventListener("change", function () {
    window.localStorage.setItem(STORE, keysToggle.checked ? "on" : "off");
  });
  citations.forEach(function (el, i) {
    el.addEventListener("focusin", function () {
      if (current !== i) {
        current = i;
        citations.forEach(function (c, j) { c.classList.toggle("current", j === i); });
      }
    });
  });

  /* After an action the desk comes back at the citation acted on: j goes on from there. */
  var back = window.location.hash.match(/^#citation-(\d+)$/);
  if (back) {
    citations.forEach(function (el, i) {
      if (el.getAttribute("data-citation") === back[1]) select(i);
    });
  }

  /* ---------------------------------------------------------------- move suggestions */

  var targetsUrl = desk.getAttribute("data-targets-url");

  function suggest(form) {
    var box = form.querySelector(".desk-move-query");
    var list = form.querySelector(".desk-suggestions");
    var hidden = form.querySelector(".desk-move-target");
    var options = [];
    var active = -1;
    var timer = null;

    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    list.id = box.id + "-list";
    box.setAttribute("aria-controls", list.id);

    function show(results) {
      list.textContent = "";
      options = results.map(function (result, i) {
        var option = document.createElement("div");
        option.setAttribute("role", "option");
        option.id = list.id + "-" + i;
        option.textContent = result.label;  /* text, never HTML */
        option.dataset.key = result.key;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
        return option;
      });
      active = -1;
      list.hidden = options.length === 0;
      box.setAttribute("aria-expanded", options.length ? "true" : "false");
    }

    function highlight(i) {
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) box.setAttribute("aria-activedescendant", options[i].id);
    }

    function choose(i) {
      hidden.disabled = false;
      hidden.value = options[i].dataset.key;
      form.submit();
    }

    var citation = form.querySelector('input[name="citation"]').value;

    function lookUp() {
      var url = targetsUrl + "?q=" + encodeURIComponent(box.value) + "&citation=" + citation;
      fetch(url, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (data) { show(data.results); });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    /* Before anything is typed: the incidents of the missions the article names most. */
    box.addEventListener("focus", function () { if (!box.value) lookUp(); });
    box.addEventListener("blur", function () { list.hidden = true; });

    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && options.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp" && options.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && options.length) {
        event.preventDefault();
        choose(Math.max(active, 0));  /* the first suggestion unless another is highlighted */
      } else if (event.key === "Escape") {
        show([]);
        box.blur();
      }
    });
  }

  desk.querySelectorAll(".desk-move").forEach(suggest);

  /* ---------------------------------------------------------------- passage selection */

  function offsetOf(node, offset) {
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var total = 0;
    var at = walker.nextNode();
    while (at) {
      if (at === node) return total + offset;
      total += at.nodeValue.length;
      at = walker.nextNode();
    }
    if (node === text) {  /* an element boundary: count the text before that child */
      var before = 0;
      for (var i = 0; i < offset; i++) before += text.childNodes[i].textContent.length;
      return before;
    }
    return null;
  }

  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return null;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return {start: start, end: end};
  }

  function rememberSelection() {
    var passage = selectedPassage();
    desk.querySelectorAll(".selection-start").forEach(function (el) { el.value = passage ? passage.start : ""; });
    desk.querySelectorAll(".selection-end").forEach(function (el) { el.value = passage ? passage.end : ""; });
    desk.querySelectorAll(".desk-use-selection").forEach(function (el) { el.hidden = !passage; });
  }

  document.addEventListener("selectionchange", function () {
    if (selectedPassage() !== null) rememberSelection();
  });
  text.addEventListener("mouseup", rememberSelection);
  text.addEventListener("keyup", rememberSelection);
})();
