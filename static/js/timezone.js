// Pre-select the browser's time zone at sign-up; the person can still change it.
(function () {
  var select = document.getElementById("id_timezone");
  if (!select || select.dataset.touched) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && select.querySelector('option[value="' + zone + '"]') && select.value === "UTC") {
    select.value = zone;
  }
})();
