// The per-user socket: unread notification count and the cross-community feed.
//
// One /ws/me/ socket per page. Page scripts that want its messages (topic-round vote
// counts, the Open Space board) subscribe instead of opening their own:
//   window.Praxis.me.subscribe(function (data) { ... });
// ``window.Praxis.me.socket`` is the shared PraxisSocket (for tests and debugging).
(function () {
  "use strict";
  var Praxis = window.Praxis = window.Praxis || {};
  var listeners = [];
  var me = Praxis.me = {
    socket: null,
    subscribe: function (listener) {
      listeners.push(listener);
      return function unsubscribe() {
        var index = listeners.indexOf(listener);
        if (index !== -1) listeners.splice(index, 1);
      };
    }
  };

  function dispatch(data) {
    listeners.slice().forEach(function (listener) {
      try { listener(data); } catch (e) { if (window.console) console.error(e); }
    });
  }

  function start() {
    if (!window.PraxisSocket) return;
    var badge = document.getElementById("notification-count");
    var feed = document.getElementById("live-feed");
    me.subscribe(function (data) {
      if ((data.type === "notification" || data.type === "notification.count") && badge) {
        badge.textContent = data.unread || 0;
        badge.hidden = !data.unread;
      } else if (data.type === "feed.post" && feed) {
        var holder = document.createElement("ul");
        holder.innerHTML = data.html;
        var item = holder.firstElementChild;
        if (!item) return;
        // The same post must not be listed twice (the page may already show it).
        var id = item.getAttribute("data-post-id");
        if (id && feed.querySelector('[data-post-id="' + id + '"]')) return;
        // One entry per thread: its latest post replaces the one listed.
        var threadId = item.getAttribute("data-thread-id");
        if (threadId) feed.querySelectorAll('[data-thread-id="' + threadId + '"]').forEach(function (old) { old.remove(); });
        var empty = feed.querySelector(".empty");
        if (empty) empty.remove();
        item.classList.add("fresh");
        feed.insertBefore(item, feed.firstElementChild);
        while (feed.children.length > 10) feed.removeChild(feed.lastElementChild);
      }
    });
    me.socket = window.PraxisSocket("/ws/me/", { onMessage: dispatch });
  }
  start();
})();
