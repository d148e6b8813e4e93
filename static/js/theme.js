// Runs in <head> so the theme applies before the first paint (no bright flash at night).
// Until the user picks a theme with the toggle, the page follows the system's light or dark
// setting, and changes with it; the choice, once made, is remembered in this browser. Without
// this script the page stays dark (base.html), the diary being filled in from bed at night.
(function () {
  var root = document.documentElement;
  var system = window.matchMedia ? window.matchMedia("(prefers-color-scheme: light)") : null;
  function chosen() {
    try {
      var theme = localStorage.getItem("theme");
      return theme === "light" || theme === "dark" ? theme : null;
    } catch (error) {
      return null; // storage refused (a private window): follow the system
    }
  }
  function apply() {
    root.dataset.theme = chosen() || (system && system.matches ? "light" : "dark");
  }
  apply();
  if (system && system.addEventListener) system.addEventListener("change", apply);
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.getElementById("theme-toggle");
    if (!toggle) return;
    toggle.addEventListener("click", function () {
      var next = root.dataset.theme === "dark" ? "light" : "dark";
      try {
        localStorage.setItem("theme", next);
      } catch (error) {
        // not remembered; this page still switches
      }
      root.dataset.theme = next;
    });
  });
})();
