// Shared socket helper: reconnects with backoff; onOpen runs after every (re)connect.
//
// A TCP connection can die without the browser noticing for minutes (a laptop lid, a
// dropped Wi-Fi, a proxy that forgets the connection). So the helper also
// - abandons the socket as soon as the browser reports it went offline, and reconnects
//   the moment it is back online (no waiting out the backoff);
// - sends a ping every 25 s and reconnects when nothing at all has been heard for a while.
// The server replays what was missed on every (re)connect, so dropping early loses nothing.
(function () {
  "use strict";
  var PING_EVERY = 25000;
  var SILENCE_LIMIT = 2 * PING_EVERY + 10000;
  // 4401/4403/4404/4413: not allowed (any more) or refused; 4409: too many of this
  // person's pages open at once. Reconnecting would not help.
  var FINAL_CODES = [4401, 4403, 4404, 4409, 4413];

  window.PraxisSocket = function (path, handlers) {
    var socket = null, attempts = 0, closedForGood = false;
    var retryTimer = null, heartbeat = null, lastHeard = 0;

    function url() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    }

    function connect() {
      clearTimeout(retryTimer);
      retryTimer = null;
      if (closedForGood || socket) return;
      var ws;
      try { ws = new WebSocket(url()); } catch (e) { schedule(); return; }
      socket = ws;
      ws.onopen = function () {
        if (ws !== socket) return;
        attempts = 0;
        lastHeard = Date.now();
        startHeartbeat();
        if (handlers.onOpen) handlers.onOpen(api);
      };
      ws.onmessage = function (event) {
        if (ws !== socket) return;
        lastHeard = Date.now();
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (data && data.type === "pong") return;
        if (handlers.onMessage) handlers.onMessage(data, api);
      };
      ws.onclose = function (event) {
        if (ws !== socket) return;  // a socket we already gave up on
        lost(event);
      };
    }

    function lost(event) {
      socket = null;
      stopHeartbeat();
      if (handlers.onClose) handlers.onClose(event, api);
      if (closedForGood || FINAL_CODES.indexOf(event.code) !== -1) return;
      schedule();
    }

    function schedule() {
      clearTimeout(retryTimer);
      attempts += 1;
      // Capped at 4 s: back within 5 s of the server being reachable again.
      var delay = Math.min(4000, 500 * Math.pow(2, attempts));
      // While the browser says it is offline, try rarely: the "online" event reconnects.
      if (navigator.onLine === false) delay = 15000;
      // Jitter, so that a server restart is not met by every client at the same moment.
      delay = delay / 2 + Math.random() * delay / 2;
      retryTimer = setTimeout(connect, delay);
    }

    // Give up on the current socket now (its network is gone) and reconnect.
    function drop() {
      var ws = socket;
      if (!ws) return;
      socket = null;
      ws.onopen = ws.onmessage = ws.onclose = null;
      try { ws.close(); } catch (e) { /* already closing */ }
      lost({ code: 1006, reason: "connection dropped", wasClean: false });
    }

    function startHeartbeat() {
      stopHeartbeat();
      heartbeat = setInterval(function () {
        if (!socket || socket.readyState !== WebSocket.OPEN) return;
        if (Date.now() - lastHeard > SILENCE_LIMIT) { drop(); return; }
        socket.send(JSON.stringify({ type: "ping" }));
      }, PING_EVERY);
    }

    function stopHeartbeat() {
      clearInterval(heartbeat);
      heartbeat = null;
    }

    function onOffline() { drop(); }
    function onOnline() {
      attempts = 0;  // an attempt still under way, if it fails, retries quickly
      if (!closedForGood && !socket) connect();
    }
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);

    var api = {
      send: function (payload) {
        if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(payload)); return true; }
        return false;
      },
      isOpen: function () { return !!socket && socket.readyState === WebSocket.OPEN; },
      // For debugging and tests: behave as if the connection had silently died.
      drop: drop,
      close: function () {
        closedForGood = true;
        clearTimeout(retryTimer);
        stopHeartbeat();
        window.removeEventListener("offline", onOffline);
        window.removeEventListener("online", onOnline);
        if (socket) socket.close();
      }
    };
    connect();
    return api;
  };
})();
