{% load static %}// The service worker (diary.offline.service_worker; README, "Offline logging (issue 16)").
importScripts("{% static 'js/sw-push.js' %}");
importScripts("{% static 'js/offline-queue.js' %}");

var VERSION = "{{ version }}";
var STATIC_CACHE = "rlsdiary-static-" + VERSION;
// One cache of pages per account, named by its opaque key (diary.offline.account_key).
var PAGES_PREFIX = "rlsdiary-pages-";
var ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
// The only pages ever kept: the nights list and the log form.
var PAGES = [{% for url in pages %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var HOME = "{{ home|escapejs }}";
var SEND_URL = "{{ send_url|escapejs }}";
var ACCOUNT_HEADER = "{{ account_header|escapejs }}";
// offline.js shows the "you are offline" notice on a page whose marker says it is a kept copy.
var LIVE_MARK = 'data-offline-copy="live"';
var COPY_MARK = 'data-offline-copy="copy"';

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(ASSETS);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("rlsdiary-static-") === 0 && name !== STATIC_CACHE;
    }).map(function (name) { return caches["delete"](name); }));
  }).then(function () { return self.clients.claim(); }));
});

function currentAccount() {
  return OfflineQueue.getMeta("account").then(function (account) { return account || ""; });
}

// Changes of account one after another, each reading the last one's outcome.
var switching = Promise.resolve();
function serially(work) {
  switching = switching.then(work, work);
  return switching;
}

// The account signed in now: another account's pages are deleted, so that they can never be
// shown to this one. "" (nobody signed in) keeps them but serves none of them.
function switchAccount(account) {
  return serially(function () { return switchNow(account); });
}

function switchNow(account) {
  return currentAccount().then(function (before) {
    if (before === account) return;
    return OfflineQueue.setMeta("account", account).then(function () {
      if (!account) return;
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PAGES_PREFIX) === 0 && name !== PAGES_PREFIX + account;
        }).map(function (name) { return caches["delete"](name); }));
      });
    });
  });
}

function deletePages() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("rlsdiary-") === 0;
    }).map(function (name) { return caches["delete"](name); }));
  });
}

// Network first: the page as it is now, kept for the account it belongs to; without a
// connection, that account's kept copy, marked as a copy.
function page(request, path) {
  return fetch(request).then(function (response) {
    var account = response.headers.get(ACCOUNT_HEADER);
    var url = new URL(request.url);
    if (response.status === 200 && account && !url.search && path !== HOME) {
      var copy = response.clone();
      return switchAccount(account).then(function () {
        return caches.open(PAGES_PREFIX + account);
      }).then(function (cache) {
        return cache.put(path, copy);
      }).then(function () { return response; });
    }
    // Sent to the log-in page: nobody is signed in, so no kept page may be shown offline.
    if (response.type === "opaqueredirect" && path !== HOME) {
      return switchAccount("").then(function () { return response; });
    }
    return response;
  }, function () {
    return keptCopy(path === HOME ? PAGES[0] : path);
  });
}

function keptCopy(path) {
  return currentAccount().then(function (account) {
    if (!account) return Response.error();
    return caches.open(PAGES_PREFIX + account).then(function (cache) {
      return cache.match(path);
    }).then(function (kept) {
      if (!kept) return Response.error();
      return kept.text().then(function (html) {
        return new Response(html.replace(LIVE_MARK, COPY_MARK), {
          status: 200,
          statusText: "OK",
          headers: kept.headers,
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && (PAGES.indexOf(url.pathname) !== -1 || url.pathname === HOME)) {
    event.respondWith(page(request, url.pathname));
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    // Static files: the copy made at install (the worker's version changes with them).
    event.respondWith(caches.match(url.pathname).then(function (kept) {
      return kept || fetch(request);
    }));
  }
  // Anything else (other pages, exports, the API, settings) goes to the network untouched.
});

function sendWaiting() {
  return OfflineQueue.send(SEND_URL, null).then(function (result) {
    return self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (client) { client.postMessage({ type: "queue-changed", result: result }); });
    });
  });
}

// The retry when the connection returns, even with no page of the diary open (Background Sync,
// where the browser has it).
self.addEventListener("sync", function (event) {
  if (event.tag === "send-nights") event.waitUntil(sendWaiting());
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  // A page says whose it is: another account's kept pages go. Never after the network said
  // nobody is signed in: a page of the ended session may speak late, and only a signed-in
  // page from the network (its header) makes copies servable again.
  if (data.type === "account" && data.account) {
    event.waitUntil(serially(function () {
      return currentAccount().then(function (now) {
        if (now) return switchNow(data.account);
      });
    }));
  }
  if (data.type === "send") event.waitUntil(sendWaiting());
  if (data.type === "sign-out") event.waitUntil(deletePages().then(function () {
    return OfflineQueue.clearAll();
  }));
});
