// A small toolbar for the resources' rich-text fields. Without JavaScript the field is a
// plain textarea that takes HTML; with it, each button wraps the selection in a tag. The
// labels come from the textarea's data attributes (translated by the page).
(function () {
  "use strict";

  function labels(area) {
    var source = document.getElementById("rich-editor-labels");
    return (source || area).dataset;
  }

  function wrap(area, before, after, placeholder) {
    var start = area.selectionStart, end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, "select");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function list(area) {
    var start = area.selectionStart, end = area.selectionEnd;
    var lines = (area.value.slice(start, end) || labels(area).labelItem || "…").split(/\n+/);
    var items = lines.filter(function (l) { return l.trim(); }).map(function (l) {
      return "  <li>" + l.trim() + "</li>";
    });
    area.setRangeText("<ul>\n" + items.join("\n") + "\n</ul>", start, end, "select");
    area.focus();
  }

  function link(area) {
    var address = window.prompt(labels(area).labelAddress || "https://", "https://");
    if (!address || !/^(https?:|mailto:)/i.test(address.trim())) { return; }
    var safe = address.trim().replace(/"/g, "%22");
    wrap(area, '<a href="' + safe + '">', "</a>", labels(area).labelLinkText || "link");
  }

  var ACTIONS = [
    ["bold", function (a) { wrap(a, "<strong>", "</strong>", "…"); }],
    ["italic", function (a) { wrap(a, "<em>", "</em>", "…"); }],
    ["heading", function (a) { wrap(a, "<h2>", "</h2>", "…"); }],
    ["paragraph", function (a) { wrap(a, "<p>", "</p>", "…"); }],
    ["list", list],
    ["link", link],
  ];

  function enhance(area) {
    var bar = document.createElement("div");
    bar.className = "rich-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", labels(area).labelToolbar || "Formatting");
    bar.setAttribute("aria-controls", area.id);
    ACTIONS.forEach(function (pair) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small button--secondary rich-toolbar__" + pair[0];
      button.textContent = labels(area)["label" + pair[0].charAt(0).toUpperCase() + pair[0].slice(1)] || pair[0];
      button.addEventListener("click", function () { pair[1](area); });
      bar.appendChild(button);
    });
    area.parentNode.insertBefore(bar, area);
  }

  function start() {
    document.querySelectorAll("textarea[data-rich-editor]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
