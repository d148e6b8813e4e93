// Severity 0 means no symptoms: hide the symptom questions and leave them out of the post, so a
// symptom-free night stays one tap and an onset typed earlier cannot contradict it.
(function () {
  var box = document.getElementById("symptoms");
  if (!box) return;
  var radios = document.querySelectorAll('input[name="severity"]');
  var quick = document.getElementById("no-symptoms");
  function update(noSymptoms) {
    box.hidden = noSymptoms;
    // Once a severity above 0 is chosen, the quick button would contradict it.
    if (quick) quick.hidden = !noSymptoms && selected() !== null;
    box.querySelectorAll("input, select, textarea").forEach(function (el) { el.disabled = noSymptoms; });
  }
  function selected() {
    var checked = document.querySelector('input[name="severity"]:checked');
    return checked ? checked.value : null;
  }
  radios.forEach(function (r) { r.addEventListener("change", function () { update(selected() === "0"); }); });
  if (quick) quick.addEventListener("click", function () {
    update(true);
    radios.forEach(function (r) { r.checked = r.value === "0"; });
  });
  update(selected() === "0");
})();
