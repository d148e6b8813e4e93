// The nights kept on this phone while offline, and their sending (README, "Offline logging").
// Loaded by the pages (offline.js) and by the service worker (sw.js), so that both send the
// same way; no words here: the pages show the states in words Django rendered.
//
// Each entry: {id, account, night, fields: [[name, value], ...], savedAt, state, answer}, where
// state is "waiting" (to send), "signin" (the session had ended), "conflict" (the night was
// logged elsewhere meanwhile) or "refused" (the server found something wrong). Only "waiting"
// and "signin" entries are sent; the others stay until the patient chooses.
(function (scope) {
  "use strict";
  var DB = "rlsdiary-offline";
  var QUEUE = "queue";
  var META = "meta";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore(QUEUE, { keyPath: "id", autoIncrement: true });
        db.createObjectStore(META);
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        work(tx.objectStore(store), function (value) { result = value; });
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        // A transaction aborted at commit (storage full) fires only "abort".
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function add(entry) {
    return run(QUEUE, "readwrite", function (store, done) {
      var request = store.add(entry);
      request.onsuccess = function () { done(request.result); };
    });
  }

  // Only the given account's entries: another account's are never shown nor sent.
  function entries(account) {
    return run(QUEUE, "readonly", function (store, done) {
      var request = store.getAll();
      request.onsuccess = function () {
        done(request.result.filter(function (entry) { return entry.account === account; }));
      };
    });
  }

  function update(entry) {
    return run(QUEUE, "readwrite", function (store) { store.put(entry); });
  }

  function remove(id) {
    return run(QUEUE, "readwrite", function (store) { store["delete"](id); });
  }

  function getMeta(name) {
    return run(META, "readonly", function (store, done) {
      var request = store.get(name);
      request.onsuccess = function () { done(request.result); };
    });
  }

  function setMeta(name, value) {
    return run(META, "readwrite", function (store) { store.put(value, name); });
  }

  function clearAll() {
    return run(QUEUE, "readwrite", function (store) { store.clear(); }).then(function () {
      return run(META, "readwrite", function (store) { store.clear(); });
    });
  }

  function json(response) {
    return response.json().catch(function () { return {}; });
  }

  // Sends the waiting entries of the account signed in now. A fresh CSRF token comes with the
  // account's key from sendUrl (the one in a page kept offline may belong to an ended session);
  // it goes in the X-CSRFToken header as Django expects, and is never stored.
  function sendOnce(sendUrl, expected) {
    return scope.fetch(sendUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (response.status === 401) return json(response).then(function (body) {
        return { signin: body.signin || true };
      });
      if (!response.ok) return { stopped: true };
      return json(response);
    }).then(function (session) {
      if (session.stopped) return { sent: 0 };
      if (session.signin) return markSignIn(expected).then(function () {
        return { sent: 0, signin: true };
      });
      // The page's account and the server's differ: a sign-in as someone else meanwhile.
      if (expected && session.account !== expected) return { sent: 0 };
      return entries(session.account).then(function (list) {
        var sendable = list.filter(function (entry) {
          return entry.state === "waiting" || entry.state === "signin";
        });
        return sendEach(sendUrl, session, sendable, 0);
      });
    }, function () {
      return { sent: 0 }; // still offline
    });
  }

  function markSignIn(account) {
    if (!account) return Promise.resolve();
    return entries(account).then(function (list) {
      return Promise.all(list.filter(function (entry) {
        return entry.state === "waiting";
      }).map(function (entry) {
        entry.state = "signin";
        return update(entry);
      }));
    });
  }

  function sendEach(sendUrl, session, list, sent) {
    if (!list.length) return Promise.resolve({ sent: sent });
    var entry = list[0];
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("account", entry.account);
    return scope.fetch(sendUrl, {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json", "X-CSRFToken": session.csrf },
      body: body,
    }).then(function (response) {
      return json(response).then(function (answer) {
        if (response.status === 201) {
          return remove(entry.id).then(function () {
            return sendEach(sendUrl, session, list.slice(1), sent + 1);
          });
        }
        if (response.status === 409 || response.status === 400) {
          entry.state = response.status === 409 ? "conflict" : "refused";
          entry.answer = answer;
          return update(entry).then(function () {
            return sendEach(sendUrl, session, list.slice(1), sent);
          });
        }
        if (response.status === 401) {
          return markSignIn(entry.account).then(function () {
            return { sent: sent, signin: true };
          });
        }
        return { sent: sent }; // a CSRF refusal or a server error: kept, tried again later
      });
    }, function () {
      return { sent: sent }; // the connection dropped again: kept
    });
  }

  // One sender at a time across tabs and the worker, so that a night is never sent twice
  // (the second would come back as a false conflict).
  function send(sendUrl, expected) {
    var locks = scope.navigator && scope.navigator.locks;
    if (!locks) return sendOnce(sendUrl, expected);
    return locks.request("rlsdiary-offline-send", function () {
      return sendOnce(sendUrl, expected);
    });
  }

  scope.OfflineQueue = {
    add: add,
    entries: entries,
    update: update,
    remove: remove,
    getMeta: getMeta,
    setMeta: setMeta,
    clearAll: clearAll,
    send: send,
  };
})(self);
