// Live thread: catch-up on (re)connect, live posts, typing, presence, posting without reload.
// Progressive enhancement: every form on the page also works without this file.
(function () {
  "use strict";
  var root = document.getElementById("thread");
  if (!root || !window.PraxisSocket) return;
  var threadId = root.dataset.threadId;
  var onLastPage = root.dataset.onLastPage === "true";
  var postsBox = document.getElementById("posts");
  var form = root.querySelector(".post-form");
  var textarea = form ? form.querySelector("textarea[name=source]") : null;
  var errorBox = form ? form.querySelector(".form-error") : null;
  var typingBox = root.querySelector(".typing");
  var presenceBox = root.querySelector(".presence");
  var connectionBox = root.querySelector(".connection");
  var present = {};      // person id -> {who, sockets}
  var typing = {};       // person id -> {who, timer}
  var lastTypingSent = 0;
  var pendingToken = null;
  var catchingUp = false;
  // Filtered to one language (?language=xx): posts in the others are not shown.
  var languageFilter = root.dataset.languageFilter || "";
  var pageLanguage = document.documentElement.lang || "";
  var skippedMax = 0;    // the last post left out by the filter (catch-up goes past it)
  // The thread's event number this page has applied: every post, edit, hiding, reaction
  // and answer change is numbered by the server, one after the other. A frame whose
  // number is not the next one means something was missed: the page asks for it.
  var appliedSeq = parseInt(root.dataset.seq || "0", 10) || 0;
  var healAgain = false;

  // Translations from /jsi18n/ (static/js/i18n.js stands in if it failed to load).
  var gettext = window.gettext, ngettext = window.ngettext, interpolate = window.interpolate;
  function label(who) { return who.name + (who.organisation ? " (" + who.organisation + ")" : ""); }

  root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  function postNodes() { return postsBox.querySelectorAll("article[data-post-id]"); }

  function lastPostId() {
    var max = Math.max(parseInt(root.dataset.lastPostId || "0", 10) || 0, skippedMax);
    postNodes().forEach(function (el) {
      max = Math.max(max, parseInt(el.dataset.postId, 10));
    });
    return max;
  }

  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = (html || "").trim();
    // Fragments from the socket are rendered without a request: add this page's token.
    holder.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      if (!input.value && csrfInput) input.value = csrfInput.value;
    });
    return holder.firstElementChild;
  }

  function showConnection(text) {
    if (!connectionBox) return;
    connectionBox.textContent = text || "";
    connectionBox.hidden = !text;
  }

  // Posts ----------------------------------------------------------------------------

  // Live fragments carry every control (they are the same for every reader); a signed-out
  // reader's page shows posts without them, as the server renders it for them.
  var readOnly = root.dataset.reader === "false";
  function withoutControls(node) {
    node.querySelectorAll("form.reaction").forEach(function (form) {
      var span = document.createElement("span");
      span.className = "reaction";
      span.dataset.kind = form.dataset.kind;
      var button = form.querySelector("button");
      while (button && button.firstChild) span.appendChild(button.firstChild);
      form.replaceWith(span);
    });
    node.querySelectorAll(
      ".author-controls, .answer-controls, .moderator-controls, .flag-control, .reply-link, .quote-button"
    ).forEach(function (el) { el.remove(); });
  }
  function placePost(id, html, isNew) {
    var existing = document.getElementById("post-" + id);
    var node = fragment(html);
    if (!node) return;
    if (readOnly) withoutControls(node);
    if (languageFilter && node.dataset.language !== languageFilter) {
      skippedMax = Math.max(skippedMax, id);
      if (existing) existing.remove();
      return;
    }
    if (node.dataset.language === pageLanguage) {
      // Fragments come in the reader's language; should the page speak another (a
      // language chosen in another tab), the page's own language still needs no label.
      node.querySelectorAll(".post-language").forEach(function (el) { el.remove(); });
      var body = node.querySelector(".post-body[lang]");
      if (body) body.removeAttribute("lang");
    }
    if (existing) {
      // Socket fragments are viewer-neutral: keep this viewer's own reaction state.
      existing.querySelectorAll("form.reaction").forEach(function (old) {
        var pressed = old.querySelector("button").getAttribute("aria-pressed");
        var fresh = node.querySelector('form.reaction[data-kind="' + old.dataset.kind + '"] button');
        if (fresh) fresh.setAttribute("aria-pressed", pressed);
      });
      // Whoever was on one of its controls stays on the same control.
      var focused = existing.contains(document.activeElement) ? document.activeElement : null;
      var focusPath = focused ? controlPath(existing, focused) : null;
      existing.replaceWith(node);
      wire(node);
      if (focusPath) {
        var again = node.querySelectorAll(focusPath.selector)[focusPath.index];
        if (again) again.focus();
      }
      return;
    }
    var nodes = postNodes();
    if (!onLastPage) {
      // Catch-up replays posts from later pages too; only live news deserves a notice.
      if (isNew && !catchingUp) showConnection(gettext("New posts on the last page."));
      return;
    }
    if (!isNew && nodes.length && id < parseInt(nodes[0].dataset.postId, 10)) return;
    // Keep posts in id order, whatever order they arrive in.
    var after = null;
    nodes.forEach(function (el) {
      if (parseInt(el.dataset.postId, 10) < id) after = el;
    });
    if (after) after.after(node); else postsBox.prepend(node);
    wire(node);
    var empty = postsBox.querySelector(".empty");
    if (empty) empty.remove();
    if (isNew && node.dataset.authorId) stopTyping(node.dataset.authorId);
    if (isNew) soonReportRead();
  }

  function controlPath(scope, element) {
    var selector = element.tagName.toLowerCase() + (element.className ? "." + element.className.trim().split(/\s+/).join(".") : "");
    var index = Array.prototype.indexOf.call(scope.querySelectorAll(selector), element);
    return index === -1 ? null : { selector: selector, index: index };
  }

  // Read state: posts that arrive while the page is visible count as read --------------

  var reader = root.dataset.reader === "true";
  var readReported = parseInt(root.dataset.lastPostId || "0", 10) || 0;
  var readTimer = null;
  function seenPostId() {
    var max = 0;
    postNodes().forEach(function (el) { max = Math.max(max, parseInt(el.dataset.postId, 10)); });
    return max;
  }
  function reportRead() {
    clearTimeout(readTimer);
    readTimer = null;
    if (!reader || document.visibilityState !== "visible") return;
    var seen = seenPostId();
    if (seen <= readReported) return;
    if (socket.send({ type: "read", post_id: seen })) readReported = seen;
  }
  function soonReportRead() {
    if (!readTimer) readTimer = setTimeout(reportRead, 300);
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") reportRead();
  });

  // Presence and typing --------------------------------------------------------------

  function renderPresence() {
    if (!presenceBox) return;
    var names = Object.keys(present).map(function (key) { return label(present[key].who); });
    presenceBox.querySelector(".names").textContent = names.join(", ");
    presenceBox.hidden = names.length === 0;
  }

  function renderTyping() {
    if (!typingBox) return;
    var names = Object.keys(typing).map(function (key) { return label(typing[key].who); });
    if (!names.length) { typingBox.hidden = true; typingBox.textContent = ""; return; }
    typingBox.textContent = interpolate(
      ngettext("%(names)s is typing…", "%(names)s are typing…", names.length),
      { names: names.join(", ") }, true);
    typingBox.hidden = false;
  }

  function showTyping(who) {
    if (!who) return;
    var entry = typing[who.id];
    if (entry) clearTimeout(entry.timer);
    typing[who.id] = {
      who: who,
      timer: setTimeout(function () { stopTyping(who.id); }, 5000)
    };
    renderTyping();
  }

  function stopTyping(id) {
    var entry = typing[id];
    if (!entry) return;
    clearTimeout(entry.timer);
    delete typing[id];
    renderTyping();
  }

  function clearTyping() {
    Object.keys(typing).forEach(function (id) { clearTimeout(typing[id].timer); });
    typing = {};
    renderTyping();
  }

  // The socket -----------------------------------------------------------------------

  function hello(api) {
    catchingUp = true;
    // The posts on screen too: any hidden or deleted while we were away are taken down.
    var shown = [];
    postNodes().forEach(function (el) { shown.push(parseInt(el.dataset.postId, 10)); });
    var frame = {
      type: "hello", last_post_id: lastPostId(), shown_ids: shown.slice(-500), seq: appliedSeq
    };
    if (languageFilter) frame.language = languageFilter;
    api.send(frame);
  }
  // The page heals itself: while it is visible, and whenever it becomes visible again,
  // it asks what it lacks (a post whose live event never reached this socket).
  var HEAL_EVERY = 60000;
  function heal() {
    if (document.visibilityState === "visible" && socket && socket.isOpen() && !catchingUp) hello(socket);
  }
  // A gap in the numbers: ask at once (after the catch-up under way, if there is one).
  function healGap() {
    if (catchingUp) { healAgain = true; return; }
    if (socket && socket.isOpen()) hello(socket);
  }
  // Whether a numbered frame is to be applied now: the next number is (and moves the page
  // on); an older one is not (the page has newer state); a later one means a gap.
  function inStep(data) {
    // catchup.done carries the number the page has after it (applied below), not an event.
    if (typeof data.seq !== "number" || data.type === "catchup.done") return true;
    if (data.seq <= appliedSeq) return false;
    if (data.seq === appliedSeq + 1 || catchingUp) {
      // While a catch-up is under way its result decides; frames before it still apply.
      if (!catchingUp) appliedSeq = data.seq;
      return true;
    }
    healGap();
    return false;
  }
  setInterval(heal, HEAL_EVERY);
  document.addEventListener("visibilitychange", heal);

  var socket = window.PraxisSocket("/ws/threads/" + threadId + "/", {
    onOpen: function (api) {
      showConnection("");
      hello(api);
    },
    onClose: function (event) {
      if (event.code === 4403 || event.code === 4404) showConnection(gettext("You no longer have access to this thread."));
      else if (event.code === 4401) showConnection(gettext("You signed out. Reload the page to continue."));
      else if (event.code === 4409) showConnection(gettext("Too many Praxis pages are open at once. Close some of them, then reload this page."));
      else showConnection(gettext("Connection lost. Reconnecting…"));
      present = {}; renderPresence();
      clearTyping();
    },
    onMessage: function (data, api) {
      if (!inStep(data)) return;
      switch (data.type) {
        case "post.created":
          placePost(data.post_id, data.html, true); break;
        case "post.updated":
          placePost(data.post_id, data.html, false); break;
        case "catchup.done":
          catchingUp = false;
          if (typeof data.seq === "number") appliedSeq = Math.max(appliedSeq, data.seq);
          if (healAgain) { healAgain = false; healGap(); }
          reportRead();
          // More was missed than one catch-up re-sends: the page is reloaded for the rest
          // (the server says so, in the reader's language).
          if (data.more && onLastPage) showConnection(data.message || "");
          break;
        case "post.hidden":
          var gone = document.getElementById("post-" + data.post_id);
          if (gone) gone.remove();
          break;
        case "reaction.changed":
          var post = document.getElementById("post-" + data.post_id);
          if (post) post.querySelectorAll(".reaction[data-kind]").forEach(function (f) {
            f.querySelector(".count").textContent = (data.counts || {})[f.dataset.kind] || 0;
          });
          break;
        case "thread.answer":
          var panel = document.getElementById("answer-panel");
          if (panel) panel.innerHTML = (data.html || "").trim();
          break;
        case "thread.locked":
          showConnection(gettext("The thread changed. Reload to see it.")); break;
        case "typing": showTyping(data.who); break;
        case "presence":
          if (!data.who) break;
          var here = present[data.who.id];
          if (data.action === "join") {
            present[data.who.id] = { who: data.who, sockets: here ? here.sockets + 1 : 1 };
          } else if (here) {
            // The same person may have the thread open in several tabs.
            if (here.sockets > 1) here.sockets -= 1; else delete present[data.who.id];
            stopTyping(data.who.id);
          }
          renderPresence(); break;
        case "access.revoked":
          showConnection(gettext("You no longer have access to this thread.")); break;
        case "error":
          if (catchingUp && data.code === 429) {
            // The catch-up itself was refused (too many at once): ask again a bit later.
            catchingUp = false;
            setTimeout(healGap, Math.max(1, data.retry_after || 1) * 1000);
            break;
          }
          if (errorBox && data.message) { errorBox.textContent = data.message; errorBox.hidden = false; }
          break;
      }
    }
  });
  // A debugging hook (also used by the real-browser tests): praxisThreadSocket.drop()
  // behaves like a connection that silently died.
  window.praxisThreadSocket = socket;

  // Per-post controls ------------------------------------------------------------------

  function setReplyTo(postId) {
    if (!form) return;
    form.querySelector("[name=reply_to]").value = postId || "";
    // The server's "Replying to this post" note belongs to the reply it was rendered for.
    var note = form.querySelector(".reply-note");
    if (note) note.remove();
  }

  function wire(scope) {
    scope.querySelectorAll(".quote-button").forEach(function (button) {
      if (button.dataset.wired) return;
      button.dataset.wired = "1";
      button.hidden = !textarea;
      button.addEventListener("click", function () {
        var post = button.closest(".post");
        var body = post.querySelector(".post-body");
        var text = (body.innerText || "").trim().split("\n").map(function (l) { return "> " + l; }).join("\n");
        if (!textarea) return;
        textarea.value += (textarea.value ? "\n\n" : "") + "@" + button.dataset.quoteAuthor + "\n" + text + "\n\n";
        setReplyTo(post.dataset.postId);
        textarea.focus();
        if (typeof saveDraft === "function") saveDraft();
      });
    });
  }
  wire(root);

  // Reactions without a reload; the counts arrive over the socket (or are adjusted here
  // when it is down). Any failure falls back to the ordinary form post.
  postsBox.addEventListener("submit", function (event) {
    var reaction = event.target.closest("form.reaction");
    if (!reaction) return;
    event.preventDefault();
    var button = reaction.querySelector("button");
    // Busy, but not disabled: a disabled button would drop the keyboard focus.
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    fetch(reaction.action, {
      method: "POST", body: new FormData(reaction), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      button.removeAttribute("aria-disabled");
      if (!result.data.ok) { showConnection(result.data.message || ""); return; }
      var was = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", result.data.on ? "true" : "false");
      if (!socket.isOpen() && was !== result.data.on) {
        var count = button.querySelector(".count");
        count.textContent = Math.max(0, (parseInt(count.textContent, 10) || 0) + (result.data.on ? 1 : -1));
      }
    }).catch(function () {
      button.removeAttribute("aria-disabled");
      reaction.submit();
    });
  });

  // Deleting one's own post asks first, in a modal dialog (keyboard: Tab, Enter, Escape).
  var deleteDialog = document.getElementById("delete-dialog");
  var deleting = null;
  postsBox.addEventListener("submit", function (event) {
    var remove = event.target.closest("form.delete-form");
    if (!remove || !deleteDialog || typeof deleteDialog.showModal !== "function") return;
    event.preventDefault();
    deleting = remove;
    deleteDialog.returnValue = "";
    deleteDialog.showModal();
  });
  if (deleteDialog) {
    // Its buttons close it with their value (what <form method="dialog"> would do).
    deleteDialog.addEventListener("click", function (event) {
      var choice = event.target.closest("button[value]");
      if (choice) deleteDialog.close(choice.value);
    });
    deleteDialog.addEventListener("close", function () {
      var target = deleting;
      deleting = null;
      if (!target) return;
      if (deleteDialog.returnValue === "delete") { target.submit(); return; }
      var button = target.querySelector("button");
      if (button && document.contains(button)) button.focus();
    });
  }

  if (!form || !textarea) return;

  // "Reply" links: with JavaScript, answer right here instead of reloading the page.
  postsBox.addEventListener("click", function (event) {
    var link = event.target.closest("a.reply-link");
    if (!link) return;
    var post = link.closest(".post");
    if (!post) return;
    event.preventDefault();
    setReplyTo(post.dataset.postId);
    var author = post.querySelector(".quote-button");
    if (author && textarea.value.indexOf("@" + author.dataset.quoteAuthor) === -1) {
      textarea.value = "@" + author.dataset.quoteAuthor + " " + textarea.value;
    }
    textarea.focus();
    saveDraft();
  });
  // The reply being written is kept in this browser, per thread, until it is posted.
  var draftKey = "praxis.draft.thread." + threadId;
  function saveDraft() {
    try {
      if (textarea.value.trim()) {
        localStorage.setItem(draftKey, JSON.stringify({
          source: textarea.value, reply_to: form.querySelector("[name=reply_to]").value || ""
        }));
      } else {
        localStorage.removeItem(draftKey);
      }
    } catch (e) { /* storage full or refused: the draft is just not kept */ }
  }
  function clearDraft() {
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }
  (function restoreDraft() {
    if (textarea.value) return;  // the server's text (a refused post, a quote) comes first
    var draft = null;
    try { draft = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft || typeof draft.source !== "string" || !draft.source) return;
    textarea.value = draft.source;
    var replyTo = form.querySelector("[name=reply_to]");
    if (draft.reply_to && /^\d+$/.test(draft.reply_to) && !replyTo.value) replyTo.value = draft.reply_to;
  })();

  var replyParam = /[?&]reply_to=(\d+)/.exec(location.search);
  if (replyParam && !form.querySelector("[name=reply_to]").value) setReplyTo(replyParam[1]);

  textarea.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 3000 && socket.send({ type: "typing" })) lastTypingSent = now;
    saveDraft();
  });

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    if (!textarea.value.trim()) { showError(gettext("Write something before posting.")); return; }
    pendingToken = pendingToken || (window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    form.querySelector("[name=client_token]").value = pendingToken;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      button.disabled = false;
      if (result.data.ok) {
        var postId = result.data.post_id;
        var target = "?page=last#post-" + postId;
        pendingToken = null;
        textarea.value = "";
        clearDraft();
        setReplyTo("");
        hidePreview();
        lastTypingSent = 0;
        textarea.focus();  // ready for the next one
        if (!onLastPage || !socket.isOpen()) { location.href = target; return; }
        // The post arrives over the socket; if it does not, show it the old way.
        setTimeout(function () {
          if (!document.getElementById("post-" + postId)) location.href = target;
        }, 5000);
      } else {
        // After a refusal that may be retried (too fast), keep the token: no double post.
        if (result.status !== 429) pendingToken = null;
        showError(result.data.message || gettext("The post could not be saved."));
      }
    }).catch(function () {
      button.disabled = false;
      showError(gettext("Could not send. Check your connection and try again; the post will not be sent twice."));
    });
  });

  // Toolbar and preview: the shared composer (static/js/composer.js).
  var composer = window.PraxisComposer(form, textarea, {
    previewUrl: root.dataset.previewUrl, mentionsUrl: root.dataset.mentionsUrl
  });
  var hidePreview = composer.hidePreview;

})();
