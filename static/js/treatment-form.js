// The form follows the kind: only "Other" chooses its schedule (the other kinds have one); a
// session has no stop date or usual time of the last dose; the names suggested are the kind's
// catalogue names. Hidden inputs are disabled, so they are not sent and cannot contradict the
// kind. Without this script every field shows and the server judges the same way.
(function () {
  var form = document.querySelector(".treatment-form");
  if (!form) return;
  var SESSION_KINDS = ["iron_iv", "ketamine_iv", "cryotherapy"];
  var scheduleBox = document.getElementById("schedule-box");
  var courseOnly = document.getElementById("course-only");
  var names = document.getElementById("treatment-names");
  var allNames = Array.prototype.map.call(names.options, function (o) { return o.cloneNode(true); });

  function checked(name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : null;
  }
  function show(box, visible) {
    box.hidden = !visible;
    box.querySelectorAll("input, select, textarea").forEach(function (el) { el.disabled = !visible; });
  }
  function update() {
    var kind = checked("kind");
    show(scheduleBox, kind === "other");
    if (kind === "other" && checked("schedule") === null) {
      var course = form.querySelector('input[name="schedule"][value="course"]');
      if (course) course.checked = true;  // "other" is a course unless the patient says otherwise
    }
    var session = SESSION_KINDS.indexOf(kind) >= 0 || (kind === "other" && checked("schedule") === "session");
    show(courseOnly, !session);
    names.innerHTML = "";
    allNames.forEach(function (option) {
      if (kind === null || option.dataset.kinds.split(" ").indexOf(kind) >= 0) {
        names.appendChild(option.cloneNode(true));
      }
    });
  }
  form.querySelectorAll('input[name="kind"], input[name="schedule"]').forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
