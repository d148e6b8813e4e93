// Offline logging on a signed-in patient's pages (README, "Offline logging (issue 16)"):
// registers the service worker, keeps a night saved without a connection on this phone
// (OfflineQueue, js/offline-queue.js), shows what waits to send, sends it when the connection
// returns, and warns before a sign-out would delete it. Every word shown comes from the page
// (templates/includes/offline.html), translated by Django.
(function () {
  "use strict";
  var root = document.getElementById("offline");
  if (!root || !window.OfflineQueue || !window.indexedDB) return;
  var Queue = window.OfflineQueue;
  var account = root.dataset.account;
  var sendUrl = root.dataset.send;
  var formUrl = root.dataset.form;
  var isCopy = root.dataset.offlineCopy === "copy";
  var lang = document.documentElement.lang || undefined;
  var panel = document.getElementById("offline-queue");
  var list = panel.querySelector(".offline-list");
  var counter = document.getElementById("offline-count");
  var form = document.querySelector("form.night-form");
  var creating = form && document.getElementById("no-symptoms");

  if (isCopy) document.getElementById("offline-banner").hidden = false;

  var worker = navigator.serviceWorker;
  if (worker) {
    worker.register(root.dataset.sw, { scope: "/" }).then(function () {
      return worker.ready;
    }).then(function (registration) {
      // The worker deletes another account's kept pages when it hears of this one.
      if (registration.active) registration.active.postMessage({ type: "account", account: account });
    })["catch"](function () { /* no worker (a private window): the pages work as before */ });
    worker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "queue-changed") show();
    });
  }

  function nightInWords(night) {
    var parsed = /^\d{4}-\d{2}-\d{2}$/.test(night || "") ? new Date(night + "T12:00:00") : null;
    if (!parsed || isNaN(parsed)) return night || "";
    return new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "short" })
      .format(parsed);
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  function slot(element, name) {
    return element.querySelector('[data-slot="' + name + '"]');
  }

  function typedList(element, typed) {
    var box = slot(element, "typed");
    (typed || []).forEach(function (pair) {
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = pair[0];
      value.textContent = pair[1];
      box.append(term, value);
    });
  }

  function item(entry) {
    var state = entry.state === "conflict" || entry.state === "refused" ? entry.state : "waiting";
    var element = fromTemplate("offline-" + state);
    element.dataset.entry = entry.id;
    slot(element, "night").textContent = nightInWords(entry.night);
    var answer = entry.answer || {};
    if (state === "waiting") return element;
    typedList(element, answer.typed);
    if (state === "conflict") slot(element, "logged").href = answer.logged || "#";
    if (state === "refused") {
      (answer.errors || []).forEach(function (message) {
        var line = document.createElement("li");
        line.textContent = message;
        slot(element, "errors").append(line);
      });
    }
    slot(element, "form").href = formUrl + "#offline-" + entry.id;
    element.querySelector('[data-action="discard"]').addEventListener("click", function () {
      Queue.remove(entry.id).then(show);
    });
    return element;
  }

  function show() {
    return Queue.entries(account).then(function (entries) {
      list.replaceChildren.apply(list, entries.map(item));
      panel.hidden = entries.length === 0;
      var title = document.getElementById("offline-queue-title");
      title.textContent = entries.some(function (entry) {
        return entry.state === "conflict" || entry.state === "refused";
      }) ? title.dataset.attention : title.dataset.waiting;
      panel.querySelector(".offline-signin").hidden = !entries.some(function (entry) {
        return entry.state === "signin";
      });
      counter.hidden = entries.length === 0;
      slot(counter, "count").textContent = String(entries.length);
      root.dataset.kept = String(entries.length); // what the browser tests wait for
      return entries;
    });
  }

  function send() {
    if (!navigator.onLine) return show();
    return Queue.send(sendUrl, account).then(show, show);
  }

  // Saving without a connection (or from a kept copy, whose CSRF token may be old): the night
  // stays on this phone, as the form would have sent it, less the token.
  function keep(event) {
    if (navigator.onLine && !isCopy) return;
    event.preventDefault();
    var data = new FormData(form, event.submitter || undefined);
    var fields = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    Queue.add({
      account: account,
      night: data.get("night"),
      fields: fields,
      savedAt: Date.now(),
      state: "waiting",
    }).then(function () {
      // Saved once: a second tap would keep the same night twice (the second, a conflict).
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
      var kept = document.getElementById("offline-kept");
      kept.hidden = false;
      kept.focus();
      if (worker) {
        worker.ready.then(function (registration) {
          if (registration.sync) return registration.sync.register("send-nights");
        })["catch"](function () { /* no Background Sync: sent from a page instead */ });
      }
      return show();
    }).then(function () {
      if (navigator.onLine) send();
    });
  }

  // "Open what I typed in the form": the kept entry, filled into the log form, is sent the
  // usual way; it leaves the queue when that form is submitted.
  function fillFrom(entry) {
    var names = {};
    entry.fields.forEach(function (pair) { names[pair[0]] = true; });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !names[element.name]) return;
      if (element.type === "checkbox" || element.type === "radio") element.checked = false;
    });
    entry.fields.forEach(function (pair) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== pair[0] || element.type === "submit") return;
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.value === pair[1]) {
            element.checked = true;
            element.dispatchEvent(new Event("change", { bubbles: true }));
          }
        } else {
          element.value = pair[1];
        }
      });
    });
    form.addEventListener("submit", function () { Queue.remove(entry.id); }, { once: true });
  }

  if (form && creating) {
    form.addEventListener("submit", keep);
    var wanted = /^#offline-(\d+)$/.exec(location.hash);
    if (wanted) {
      Queue.entries(account).then(function (entries) {
        var entry = entries.filter(function (e) { return String(e.id) === wanted[1]; })[0];
        if (entry) fillFrom(entry);
      });
    }
  }

  // The warning before a sign-out that would delete nights not sent yet; every sign-out tells
  // the worker to delete its copies (the server's Clear-Site-Data does it too, and more).
  var signOut = document.querySelector('form[action$="/accounts/logout/"]');
  var confirmed = false;
  function leave() {
    confirmed = true;
    if (worker && worker.controller) worker.controller.postMessage({ type: "sign-out" });
    signOut.submit();
  }
  if (signOut) {
    signOut.addEventListener("submit", function (event) {
      if (confirmed) return;
      event.preventDefault();
      Queue.entries(account).then(function (entries) {
        if (!entries.length) return leave();
        var warning = fromTemplate("offline-signout");
        slot(warning, "count").textContent = String(entries.length);
        warning.querySelector('[data-action="stay"]').addEventListener("click", function () {
          warning.remove();
        });
        warning.querySelector('[data-action="sign-out"]').addEventListener("click", leave);
        document.getElementById("main").prepend(warning);
        warning.focus();
      }, leave);
    });
  }

  window.addEventListener("online", send);
  send();
})();
