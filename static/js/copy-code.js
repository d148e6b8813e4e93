// The share code's Copy button. Shown only where the browser can copy (the Clipboard API needs
// HTTPS or localhost), so without it the code is still plain text to select by hand.
(function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.status);
    if (!source || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () { status.textContent = button.dataset.copied; },
        function () { status.textContent = button.dataset.failed; }
      );
    });
  });
})();
