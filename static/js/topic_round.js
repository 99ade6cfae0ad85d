// Live vote counts of a topic round: the page's one /ws/me/ socket (me.js) sends the counts
// after every vote and proposal; a new topic fetches the list again as the server renders it.
// Without JavaScript the counts are as they were when the page was rendered.
(function () {
  "use strict";
  // Translations from /jsi18n/ (static/js/i18n.js stands in if it failed to load).
  var gettext = window.gettext, ngettext = window.ngettext, interpolate = window.interpolate;

  function start() {
    var list = document.querySelector(".topics[data-round-id]");
    // Messages come over the page's one /ws/me/ socket (me.js), never a second one.
    if (!list || !window.Praxis || !window.Praxis.me) return;
    var roundId = Number(list.getAttribute("data-round-id"));
    var fetching = false, again = false;

    function shownIds() {
      return Array.prototype.map.call(list.querySelectorAll(".vote-count[data-topic-id]"), function (cell) {
        return cell.getAttribute("data-topic-id");
      }).sort();
    }

    // Topics came or went: the list again as the server renders it for this reader (one
    // rendering path; the reader's own vote buttons included).
    function refresh() {
      if (fetching) { again = true; return; }
      fetching = true;
      fetch(location.pathname, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) return;
          if (list.contains(document.activeElement)) { again = true; return; }  // keep focus
          var fresh = new DOMParser().parseFromString(html, "text/html")
            .querySelector('.topics[data-round-id="' + roundId + '"]');
          if (!fresh) return;
          list.innerHTML = fresh.innerHTML;
          list.hidden = !list.children.length;
          var empty = document.querySelector(".topics-empty");
          if (empty && list.children.length) empty.remove();
        })
        .catch(function () {})
        .then(function () {
          fetching = false;
          if (again) { again = false; window.setTimeout(refresh, 1500); }
        });
    }

    window.Praxis.me.subscribe(function (data) {
      if (data.type !== "topic.votes" || data.round_id !== roundId) return;
      var ids = Object.keys(data.counts || {}).sort();
      if (ids.join(",") !== shownIds().join(",")) refresh();
      Object.keys(data.counts || {}).forEach(function (topicId) {
        var cell = list.querySelector('.vote-count[data-topic-id="' + topicId + '"]');
        var n = Number(data.counts[topicId]) || 0;
        if (cell) cell.textContent = interpolate(ngettext("%(count)s vote", "%(count)s votes", n), { count: n }, true);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
