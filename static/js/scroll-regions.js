// A table wider than the screen scrolls sideways inside its .table-wrap. A keyboard user can
// scroll it only if the wrap takes focus (WCAG 2.1.1), and a screen reader then needs it named:
// such a wrap becomes a focusable region named after its table's caption or heading. A wrap
// that fits takes no focus, so that Tab does not stop on every table of a desktop page. A wrap
// whose markup already makes it focusable is left as it is; a wrap can name its region itself
// (data-region-label) when its table's name alone would not say that it scrolls.
(function () {
  function name(wrap) {
    if (wrap.dataset.regionLabel) return wrap.dataset.regionLabel;
    var table = wrap.querySelector("table");
    if (!table) return "";
    if (table.caption) return table.caption.textContent.trim();
    if (table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    var by = table.getAttribute("aria-labelledby");
    var labelled = by && document.getElementById(by);
    if (labelled) return labelled.textContent.trim();
    // The nearest heading before the table, within its section.
    for (var node = wrap; node && node !== document.body; node = node.parentElement) {
      for (var before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) return before.textContent.trim();
        var inner = before.querySelector && before.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner) return inner.textContent.trim();
      }
    }
    return "";
  }
  function update() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var ours = wrap.hasAttribute("data-scroll-region");
      if (wrap.hasAttribute("tabindex") && !ours) continue;
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (ours) continue;
        wrap.setAttribute("data-scroll-region", "");
        wrap.tabIndex = 0;
        var label = name(wrap);
        if (label) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", label);
        }
      } else if (ours) {
        ["data-scroll-region", "tabindex", "role", "aria-label"].forEach(function (attribute) {
          wrap.removeAttribute(attribute);
        });
      }
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  window.addEventListener("resize", update);
})();
