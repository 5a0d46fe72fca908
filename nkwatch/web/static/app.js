// Progressive enhancement for every page: the review queue answers to the keyboard.
// Pages work without it; nothing here reads document text into markup.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.item"));
  if (!rows.length) { return; }
  var at = 0;
  function mark() {
    rows.forEach(function (r, i) { r.classList.toggle("current", i === at); });
    rows[at].scrollIntoView({ block: "nearest" });
  }
  function press(cls) {
    var button = rows[at].querySelector("button." + cls);
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.target && /INPUT|TEXTAREA|SELECT/.test(ev.target.tagName)) { return; }
    if (ev.key === "j") { at = Math.min(at + 1, rows.length - 1); mark(); }
    else if (ev.key === "k") { at = Math.max(at - 1, 0); mark(); }
    else if (ev.key === "a") { press("act-accept"); }
    else if (ev.key === "r") { press("act-reject"); }
    else if (ev.key === "o") { var link = rows[at].querySelector("a"); if (link) { window.location = link.href; } }
  });
  mark();
}());
