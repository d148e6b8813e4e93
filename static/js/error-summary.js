// The error summary (templates/includes/form_errors.html), as GOV.UK's: focused when the page
// loads, so a screen reader reads it first and a keyboard starts from it; each link moves focus
// to its field, with the field's label or question scrolled into view above it (a bare jump to
// the input would hide the question, and a browser does not focus a group of radio buttons).
(function () {
  function opened(target) {
    // A field inside a closed <details> cannot take focus: open every one around it.
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
  }
  function focusable(target) {
    if (target.tagName !== "FIELDSET") return target;
    return target.querySelector("input:checked:not([disabled])") ||
      target.querySelector("input:not([disabled]), select:not([disabled]), textarea:not([disabled])");
  }
  function heading(target) {
    if (target.tagName === "FIELDSET") return target.querySelector("legend") || target;
    var label = target.id && document.querySelector('label[for="' + target.id + '"]');
    return label || target;
  }
  function init() {
    var summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      opened(target);
      var input = focusable(target);
      if (!input) return;
      event.preventDefault();
      heading(target).scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
