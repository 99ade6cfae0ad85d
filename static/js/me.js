// The per-user socket: unread notification count and the cross-community feed.
(function () {
  "use strict";
  function start() {
    if (!window.PraxisSocket) return;
    var badge = document.getElementById("notification-count");
    var feed = document.getElementById("live-feed");
    window.PraxisSocket("/ws/me/", {
      onMessage: function (data) {
        if (data.type === "notification" && badge) {
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
          var empty = feed.querySelector(".empty");
          if (empty) empty.remove();
          item.classList.add("fresh");
          feed.insertBefore(item, feed.firstElementChild);
          while (feed.children.length > 10) feed.removeChild(feed.lastElementChild);
        }
      }
    });
  }
  start();
})();
