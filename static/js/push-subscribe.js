// The reminder page's "Notification in this browser" choice: shown only where the browser can
// receive web push; choosing it subscribes this browser (the service worker at /sw.js, with
// the site's VAPID public key) and saves the subscription before the form is sent. Every word
// shown comes from the page's data-* attributes, which Django translates.
(function () {
  var form = document.getElementById("reminder-form");
  if (!form || !form.dataset.pushKey) return;
  var supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) return;
  var option = form.querySelector("[data-push-option]");
  if (option) option.hidden = false;
  var status = document.getElementById("push-status");

  function say(words) {
    if (status) status.textContent = words || "";
  }

  function keyBytes(base64url) {
    var padded = base64url + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function chosen() {
    var checked = form.querySelector('input[name="channel"]:checked');
    return checked ? checked.value : "";
  }

  function save(subscription) {
    return fetch(form.dataset.pushUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": form.dataset.csrf },
      body: JSON.stringify(subscription.toJSON()),
    }).then(function (response) {
      if (!response.ok) throw new Error("not saved");
    });
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  var sending = false;
  form.addEventListener("submit", function (event) {
    if (sending || chosen() !== "push") return;
    event.preventDefault();
    sending = true;
    say(form.dataset.working);
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          var refused = new Error("refused");
          refused.refused = true;
          throw refused;
        }
        return navigator.serviceWorker.ready;
      })
      .then(function (registration) {
        var key = keyBytes(form.dataset.pushKey);
        var subscribe = function () {
          return registration.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: key,
          });
        };
        return registration.pushManager.getSubscription().then(function (existing) {
          if (!existing) return subscribe();
          // Made under an older key pair (VAPID keys replaced): the push service would refuse
          // every message to it, so it is replaced by one under the site's current key.
          var old = existing.options && existing.options.applicationServerKey;
          if (old && !sameBytes(new Uint8Array(old), key)) {
            return existing.unsubscribe().then(subscribe);
          }
          return existing;
        });
      })
      .then(save)
      .then(function () {
        say("");
        form.submit();
      })
      .catch(function (error) {
        sending = false;
        say(error && error.refused ? form.dataset.refused : form.dataset.failed);
      });
  });
})();
