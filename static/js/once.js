// A form's button works once: a double tap on "Log a session today" must not log two sessions.
(function () {
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    });
  });
})();
