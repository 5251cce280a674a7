// Interview rooms: the page's WebSocket (htmx's ws extension) carries the candidate's typing and the
// interviewer's moves; when it cannot connect the page polls the same state over HTTP and posts the
// same messages as forms, so nothing typed is lost. No inline script: everything reads data attributes.
// The replay: Play steps on through the timeline until its end; any key or click stops it.
(function () {
  "use strict";
  var timer = null;
  function stop() { if (timer) clearInterval(timer); timer = null; }
  document.addEventListener("click", function (event) {
    var play = event.target.closest && event.target.closest("[data-replay-play]");
    if (!play) return;
    if (timer) { stop(); return; }
    timer = setInterval(function () {
      var next = document.getElementById("replay-next");
      if (!next || next.hasAttribute("data-replay-end")) { stop(); return; }
      next.click();
    }, 600);
  });
  document.addEventListener("keydown", stop);
})();

(function () {
  "use strict";
  var room = document.querySelector("[data-room]");
  if (!room) return;
  // htmx starts on a timer once the document is parsed; when the ws extension's file arrives after that
  // (a slow connection), htmx has already processed the page without it: process the room again.
  if (!(room._htmx && room._htmx.ws && room._htmx.ws.initialized)) htmx.process(room);
  var SYNC_EVERY_MS = 100;
  var FALLBACK_AFTER_MS = 3000;
  var pollMs = Number(room.dataset.pollMs) || 1000;
  var status = room.querySelector("[data-room-connection]");
  var connected = false;
  var pollTimer = null;
  var fallbackTimer = null;
  var lastSent = null;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers:inherited") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = kind;
  }

  // The candidate's form, as the message the server applies.
  function syncValues() {
    var form = document.getElementById("room-form");
    if (!form) return null;
    var data = new FormData(form);
    return { action: "sync", item: data.get("item"), code: data.get("code"), outcome: data.get("outcome"), answer: data.get("answer") };
  }
  function syncIfChanged() {
    var values = syncValues();
    if (!values) return;
    var key = JSON.stringify(values);
    if (key === lastSent) return;
    lastSent = key;
    if (connected) {
      var sender = document.querySelector("[data-room-sync]");
      if (sender) sender.dispatchEvent(new CustomEvent("roomsync"));
    } else {
      post(values);
    }
  }

  function post(values) {
    var body = new FormData();
    Object.keys(values).forEach(function (key) { if (values[key] !== null && values[key] !== undefined) body.append(key, values[key]); });
    return fetch(room.dataset.messageUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      if (response.status === 403) refused();
      return response.ok ? poll() : null;
    }).catch(function () { lastSent = null; });  // sent again on the next tick
  }

  // Regions that change only with the question (the editor, the scorecard) are fetched when it changes.
  function itemChanged(item) {
    var panel = document.getElementById("room-panel");
    if (!panel || String(item || "") === panel.dataset.item) return;
    syncIfChanged();  // the last keystrokes for the previous question go first
    lastSent = null;
    htmx.ajax("GET", room.dataset.panelUrl, { target: "#room-panel", swap: "outerHTML" });
  }

  function refused() {
    say("You are no longer in this room: your link was revoked or has expired.", "refused");
    stopPolling();
  }
  function poll() {
    return fetch(room.dataset.stateUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) {
        if (response.status === 403 || response.status === 404) { refused(); return null; }
        if (!response.ok) return null;
        var role = response.headers.get("X-Room-Role");
        if (role && role !== room.dataset.role) { window.location.reload(); return null; }  // peers swapped roles
        return response.text().then(function (html) {
          return htmx.swap({ sourceElement: room, target: "#room-state", swap: "outerHTML", text: html, transition: false });
        });
      })
      .catch(function () { /* offline: the next tick asks again */ });
  }
  function startPolling() {
    if (pollTimer) return;
    say("Live connection unavailable: updating every " + (pollMs / 1000) + " s.", "polling");
    poll();
    pollTimer = setInterval(poll, pollMs);
  }
  function stopPolling() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  // Reconnecting keeps trying in the background (the extension backs off); the page polls meanwhile.
  function fallBackSoon() {
    if (fallbackTimer || pollTimer) return;
    fallbackTimer = setTimeout(function () {
      fallbackTimer = null;
      if (!connected) startPolling();
    }, FALLBACK_AFTER_MS);
  }

  room.addEventListener("htmx:ws:after:connection", function () {
    connected = true;
    clearTimeout(fallbackTimer);
    fallbackTimer = null;
    stopPolling();
    lastSent = null;  // the server may have missed typing while the socket was down: send it all again
    say("Live", "live");
  });
  room.addEventListener("htmx:ws:close", function (event) {
    connected = false;
    var code = event.detail && event.detail.code;
    if (code === 4403) { refused(); return; }
    fallBackSoon();
  });
  // While the socket is down, a message (an interviewer's move) goes as a form post instead of queueing.
  room.addEventListener("htmx:ws:before:message:outgoing", function (event) {
    if (connected) return;
    event.detail.cancelled = true;
    post(event.detail.message.values);
  });
  room.addEventListener("htmx:ws:after:message:incoming", function (event) {
    var data;
    try { data = JSON.parse(event.detail.message.data); } catch (e) { return; }
    if (data.error) say(data.error, "error");
    if (data.role && data.role !== room.dataset.role) { window.location.reload(); return; }  // peers swapped roles
    if ("item" in data && data.target === "#room-state") itemChanged(data.item);
  });
  document.addEventListener("htmx:after:swap", function () {
    var state = document.getElementById("room-state");
    if (state && pollTimer) itemChanged(state.dataset.item);
  });

  fallBackSoon();
  setInterval(syncIfChanged, SYNC_EVERY_MS);
  if (room.dataset.role === "candidate") lastSent = JSON.stringify(syncValues());  // what the page was rendered with

  // The candidate link: select it all on focus, for copying.
  var link = document.getElementById("candidate-link");
  if (link) link.addEventListener("focus", function () { link.select(); });
})();
