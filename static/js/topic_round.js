// Live vote counts of a topic round: the page's one /ws/me/ socket (me.js) sends the counts
// after every vote. Without JavaScript the counts are as they were when the page was rendered.
(function () {
  "use strict";
  // Translations from /jsi18n/ (static/js/i18n.js stands in if it failed to load).
  var gettext = window.gettext, ngettext = window.ngettext, interpolate = window.interpolate;

  function start() {
    var list = document.querySelector(".topics[data-round-id]");
    // Messages come over the page's one /ws/me/ socket (me.js), never a second one.
    if (!list || !window.Praxis || !window.Praxis.me) return;
    var roundId = Number(list.getAttribute("data-round-id"));
    window.Praxis.me.subscribe(function (data) {
      if (data.type !== "topic.votes" || data.round_id !== roundId) return;
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
