// Shared socket helper: reconnects with backoff; onOpen runs after every (re)connect.
(function () {
  "use strict";
  window.PraxisSocket = function (path, handlers) {
    var socket = null, attempts = 0, closedForGood = false;
    function url() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    }
    function connect() {
      socket = new WebSocket(url());
      socket.onopen = function () { attempts = 0; if (handlers.onOpen) handlers.onOpen(api); };
      socket.onmessage = function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (handlers.onMessage) handlers.onMessage(data, api);
      };
      socket.onclose = function (event) {
        if (handlers.onClose) handlers.onClose(event, api);
        // 4401/4403/4404: not allowed any more; do not hammer the server.
        if (closedForGood || [4401, 4403, 4404, 4413].indexOf(event.code) !== -1) return;
        attempts += 1;
        setTimeout(connect, Math.min(15000, 500 * Math.pow(2, attempts)));
      };
    }
    var api = {
      send: function (payload) {
        if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(payload)); return true; }
        return false;
      },
      isOpen: function () { return socket && socket.readyState === WebSocket.OPEN; },
      close: function () { closedForGood = true; if (socket) socket.close(); }
    };
    connect();
    return api;
  };
})();
