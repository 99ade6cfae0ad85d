// The Open Space board, live: the community's socket sends the board's sessions and
// sign-up counts after every change. Counts are updated in place at once; when sessions
// come or go, or sign-ups change (the names of who signed up), the board is fetched again
// as the server renders it (one rendering path). Without
// JavaScript the board is a normal page and every button a normal form.
(function () {
  "use strict";
  // Translations from /jsi18n/ (static/js/i18n.js stands in if it failed to load).
  var gettext = window.gettext, ngettext = window.ngettext, interpolate = window.interpolate;

  function start() {
    var board = document.getElementById("open-space-board");
    // Messages come over the page's one /ws/me/ socket (me.js).
    if (!board || !window.Praxis || !window.Praxis.me) return;
    var dayId = Number(board.getAttribute("data-day-id"));
    var url = board.getAttribute("data-board-url");
    var holder = board.querySelector(".board-items");
    var fetching = false;
    var again = false;

    function shownIds() {
      return Array.prototype.map.call(
        holder.querySelectorAll("[data-item-id].thread-row"),
        function (row) { return Number(row.getAttribute("data-item-id")); }
      );
    }

    function refresh() {
      if (fetching) { again = true; return; }
      fetching = true;
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          // Keep focus where it was if the focused element is replaced.
          if (html !== null && !holder.contains(document.activeElement)) holder.innerHTML = html;
          else if (html !== null) again = true;
        })
        .catch(function () {})
        .then(function () {
          fetching = false;
          if (again) { again = false; window.setTimeout(refresh, 1500); }
        });
    }

    window.Praxis.me.subscribe(function (data) {
      if (data.type !== "open_space.board" || data.day_id !== dayId) return;
      var ids = shownIds();
      var same = ids.length === data.sessions.length && ids.every(function (id, i) {
        return id === data.sessions[i];
      });
      if (!same) { refresh(); return; }
      var changed = false;
      Object.keys(data.counts || {}).forEach(function (itemId) {
        var cell = holder.querySelector('.signup-count[data-item-id="' + itemId + '"]');
        var n = Number(data.counts[itemId]) || 0;
        var text = interpolate(ngettext("%(count)s signed up", "%(count)s signed up", n), { count: n }, true);
        if (cell && cell.textContent !== text) { cell.textContent = text; changed = true; }
      });
      // The counts at once; who signed up (names) as the server renders the board.
      if (changed) refresh();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
