// Web push reminders, imported by the site's service worker (/sw.js) with importScripts. The
// payload is JSON made and translated on the server (diary.reminders.push_payload): title,
// body, and the url of the log form on the night to log.
self.addEventListener("push", function (event) {
  var payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch (error) {
    payload = {};
  }
  if (!payload.title) return;
  event.waitUntil(
    self.registration.showNotification(payload.title, {
      body: payload.body || "",
      data: { url: payload.url || "/" },
      // One reminder a night: a newer one replaces an older one still shown.
      tag: "rls-diary-reminder",
    }),
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  var target = new URL(url, self.location.origin);
  // Only this site's pages: a payload cannot send the person elsewhere.
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      // A window already on that page is brought forward; otherwise a new one opens (another
      // window of the diary may hold a form being filled in, which navigating would lose).
      for (var i = 0; i < windows.length; i++) {
        var client = windows[i];
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    }),
  );
});
