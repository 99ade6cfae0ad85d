// Live thread: catch-up on (re)connect, live posts, typing, presence, posting without reload.
(function () {
  "use strict";
  var root = document.getElementById("thread");
  if (!root) return;
  var threadId = root.dataset.threadId;
  var onLastPage = root.dataset.onLastPage === "true";
  var postsBox = document.getElementById("posts");
  var form = root.querySelector(".post-form");
  var textarea = form ? form.querySelector("textarea[name=source]") : null;
  var errorBox = form ? form.querySelector(".form-error") : null;
  var typingBox = root.querySelector(".typing");
  var presenceBox = root.querySelector(".presence");
  var connectionBox = root.querySelector(".connection");
  var present = {};
  var typingTimers = {};
  var lastTypingSent = 0;
  var pendingToken = null;

  root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  function lastPostId() {
    var max = parseInt(root.dataset.lastPostId || "0", 10);
    postsBox.querySelectorAll("[data-post-id]").forEach(function (el) {
      max = Math.max(max, parseInt(el.dataset.postId, 10));
    });
    return max;
  }

  var csrfInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    // Fragments from the socket are rendered without a request: add this page's token.
    holder.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      if (!input.value && csrfInput) input.value = csrfInput.value;
    });
    return holder.firstElementChild;
  }

  function placePost(id, html) {
    var existing = document.getElementById("post-" + id);
    var node = fragment(html);
    if (!node) return;
    if (existing) { existing.replaceWith(node); return; }
    if (!onLastPage) { showConnection(gettext("New posts on the last page.")); return; }
    // Keep posts in id order, whatever order they arrive in.
    var after = null;
    postsBox.querySelectorAll("[data-post-id]").forEach(function (el) {
      if (parseInt(el.dataset.postId, 10) < id) after = el;
    });
    if (after) after.after(node); else postsBox.prepend(node);
    wire(node);
  }

  function showConnection(text) {
    if (!connectionBox) return;
    connectionBox.textContent = text || "";
    connectionBox.hidden = !text;
  }

  function renderPresence() {
    if (!presenceBox) return;
    var names = Object.keys(present).map(function (key) {
      var who = present[key];
      return who.name + (who.organisation ? " (" + who.organisation + ")" : "");
    });
    presenceBox.querySelector(".names").textContent = names.join(", ");
    presenceBox.hidden = names.length === 0;
  }

  function showTyping(who) {
    if (!typingBox) return;
    clearTimeout(typingTimers[who.id]);
    typingTimers[who.id] = setTimeout(function () { delete typingTimers[who.id]; typingBox.hidden = true; }, 4000);
    typingBox.textContent = interpolate(gettext("%s is typing…"), [who.name + (who.organisation ? " (" + who.organisation + ")" : "")]);
    typingBox.hidden = false;
  }

  var socket = window.PraxisSocket("/ws/threads/" + threadId + "/", {
    onOpen: function (api) {
      showConnection("");
      api.send({ type: "hello", last_post_id: lastPostId() });
    },
    onClose: function (event) {
      if (event.code === 4403) showConnection(gettext("You no longer have access to this thread."));
      else if (event.code === 4401) showConnection(gettext("You signed out. Reload the page to continue."));
      else showConnection(gettext("Connection lost. Reconnecting…"));
      present = {}; renderPresence();
    },
    onMessage: function (data) {
      switch (data.type) {
        case "post.created":
        case "post.updated":
          placePost(data.post_id, data.html); break;
        case "post.hidden":
          var gone = document.getElementById("post-" + data.post_id);
          if (gone) gone.remove();
          break;
        case "reaction.changed":
          var post = document.getElementById("post-" + data.post_id);
          if (post) post.querySelectorAll(".reaction").forEach(function (f) {
            f.querySelector(".count").textContent = (data.counts || {})[f.dataset.kind] || 0;
          });
          break;
        case "thread.locked":
        case "thread.answer":
          showConnection(gettext("The thread changed. Reload to see it.")); break;
        case "typing": showTyping(data.who); break;
        case "presence":
          if (data.action === "join") present[data.who.id] = data.who; else delete present[data.who.id];
          renderPresence(); break;
        case "access.revoked":
          showConnection(gettext("You no longer have access to this thread.")); break;
        case "error":
          if (errorBox) { errorBox.textContent = data.message; errorBox.hidden = false; }
          break;
      }
    }
  });

  function gettext(s) { return window.gettext ? window.gettext(s) : s; }
  function interpolate(s, args) { return s.replace("%s", args[0]); }

  function wire(scope) {
    scope.querySelectorAll(".quote-button").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var body = button.closest(".post").querySelector(".post-body");
        var text = (body.innerText || "").trim().split("\n").map(function (l) { return "> " + l; }).join("\n");
        if (textarea) {
          textarea.value += (textarea.value ? "\n\n" : "") + "@" + button.dataset.quoteAuthor + "\n" + text + "\n\n";
          var post = button.closest(".post");
          form.querySelector("[name=reply_to]").value = post.dataset.postId;
          textarea.focus();
        }
      });
    });
  }
  wire(root);

  if (!form || !textarea) return;

  textarea.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 3000) { lastTypingSent = now; socket.send({ type: "typing" }); }
    suggestMentions();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (errorBox) errorBox.hidden = true;
    if (!textarea.value.trim()) {
      errorBox.textContent = gettext("Write something before posting."); errorBox.hidden = false; return;
    }
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
        pendingToken = null;
        textarea.value = "";
        form.querySelector("[name=reply_to]").value = "";
        if (!onLastPage || !socket.isOpen()) location.href = "?page=last#post-" + result.data.post_id;
      } else {
        if (result.status !== 429) pendingToken = null;
        errorBox.textContent = result.data.message; errorBox.hidden = false;
      }
    }).catch(function () {
      button.disabled = false;
      errorBox.textContent = gettext("Could not send. Check your connection and try again; the post will not be sent twice.");
      errorBox.hidden = false;
    });
  });

  // Toolbar: wrap the selection in Markdown; preview renders on the server (one path).
  var actions = {
    bold: ["**", "**"], italic: ["_", "_"], link: ["[", "](https://)"],
    list: ["\n- ", ""], quote: ["\n> ", ""]
  };
  form.querySelectorAll(".editor-toolbar button").forEach(function (button) {
    button.addEventListener("click", function () {
      var kind = button.dataset.md;
      if (kind === "preview") {
        var box = form.querySelector(".preview");
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", on ? "true" : "false");
        if (!on) { box.hidden = true; return; }
        var data = new FormData();
        data.append("source", textarea.value);
        data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
        fetch(root.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (d) { box.innerHTML = d.html; box.hidden = false; });
        return;
      }
      var pair = actions[kind];
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      var selected = textarea.value.slice(start, end);
      textarea.setRangeText(pair[0] + selected + pair[1], start, end, "end");
      textarea.focus();
    });
  });

  // @mention autocomplete from the community's members.
  var list = form.querySelector(".mention-suggestions");
  var mentionTimer = null;
  function suggestMentions() {
    clearTimeout(mentionTimer);
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|\s)@([\w.+-]{1,30})$/.exec(before);
    if (!match) { list.hidden = true; return; }
    mentionTimer = setTimeout(function () {
      fetch(root.dataset.mentionsUrl + "?q=" + encodeURIComponent(match[2]), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (person) {
            var item = document.createElement("li");
            item.setAttribute("role", "option");
            item.textContent = person.name + " (@" + person.username + (person.organisation ? ", " + person.organisation : "") + ")";
            item.addEventListener("mousedown", function (e) {
              e.preventDefault();
              var pos = textarea.selectionStart;
              var head = textarea.value.slice(0, pos).replace(/@[\w.+-]*$/, "@" + person.username + " ");
              textarea.value = head + textarea.value.slice(pos);
              list.hidden = true;
              textarea.focus();
            });
            list.appendChild(item);
          });
          list.hidden = data.results.length === 0;
        });
    }, 150);
  }
})();
