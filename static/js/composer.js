// The one composer for new threads and replies: a Markdown toolbar, a preview rendered by
// the server (the same path as a posted text), and a draft kept in this browser.
//
// PraxisComposer(form, textarea, {previewUrl, mentionsUrl, draftKey, draftFields}) wires
// the form's .editor-toolbar, .preview and @mention list (.mention-suggestions); thread.js calls it for the reply form, and a form marked
// data-composer (the new-thread page) is wired on load, its draft kept under
// data-draft-key for the fields named in data-draft-fields.
(function () {
  "use strict";
  var ACTIONS = {
    bold: ["**", "**"], italic: ["_", "_"], link: ["[", "](https://)"],
    list: ["\n- ", ""], quote: ["\n> ", ""]
  };

  window.PraxisComposer = function (form, textarea, options) {
    options = options || {};
    var previewBox = form.querySelector(".preview");
    var previewButton = form.querySelector('.editor-toolbar button[data-md="preview"]');
    var toolbar = form.querySelector(".editor-toolbar");
    if (toolbar) toolbar.hidden = false;

    function hidePreview() {
      if (previewBox) previewBox.hidden = true;
      if (previewButton) previewButton.setAttribute("aria-pressed", "false");
    }
    form.querySelectorAll(".editor-toolbar button").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.dataset.md;
        if (kind === "preview") {
          var on = button.getAttribute("aria-pressed") !== "true";
          if (!on || !options.previewUrl) { hidePreview(); return; }
          button.setAttribute("aria-pressed", "true");
          var data = new FormData();
          data.append("source", textarea.value);
          data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
          fetch(options.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (d) {
              if (button.getAttribute("aria-pressed") !== "true") return;
              previewBox.innerHTML = d.html; previewBox.hidden = false;
            })
            .catch(hidePreview);
          return;
        }
        var pair = ACTIONS[kind];
        if (!pair) return;
        var start = textarea.selectionStart, end = textarea.selectionEnd;
        var selected = textarea.value.slice(start, end);
        textarea.setRangeText(pair[0] + selected + pair[1], start, end, "end");
        textarea.focus();
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });

    // Drafts of a form that posts by reloading (the new-thread page): kept while typing,
    // restored on the next visit, dropped once the form is sent.
    var key = options.draftKey, fields = options.draftFields || [];
    function field(name) { return form.querySelector("[name=" + name + "]"); }
    function saveDraft() {
      if (!key) return;
      try {
        var draft = {}, any = false;
        fields.forEach(function (name) {
          var el = field(name);
          if (el && el.value.trim()) { draft[name] = el.value; any = true; }
        });
        if (any) localStorage.setItem(key, JSON.stringify(draft));
        else localStorage.removeItem(key);
      } catch (e) { /* storage full or refused: the draft is just not kept */ }
    }
    if (key) {
      var draft = null;
      try { draft = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { draft = null; }
      var empty = fields.every(function (name) { var el = field(name); return !el || !el.value; });
      if (draft && empty) {
        fields.forEach(function (name) {
          var el = field(name);
          if (el && typeof draft[name] === "string") el.value = draft[name];
        });
      }
      fields.forEach(function (name) {
        var el = field(name);
        if (el) el.addEventListener("input", saveDraft);
      });
      form.addEventListener("submit", function () {
        try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
      });
    }
    // @mention autocomplete from the community's members (mouse or keyboard). The focus
    // stays in the textarea, which points at the list (aria-controls) and its highlighted
    // option (aria-activedescendant); a textarea may not take the combobox role (ARIA in
    // HTML), so a polite status says when suggestions appear instead of aria-expanded.
    var list = options.mentionsUrl ? form.querySelector(".mention-suggestions") : null;
    var mentionTimer = null, mentionRequest = 0;
    if (list) {
      list.id = list.id || "mention-suggestions-" + (form.id || "composer");
      textarea.setAttribute("aria-autocomplete", "list");
      textarea.setAttribute("aria-controls", list.id);
      var mentionStatus = document.createElement("span");
      mentionStatus.className = "visually-hidden mention-status";
      mentionStatus.setAttribute("role", "status");
      list.parentNode.insertBefore(mentionStatus, list.nextSibling);
    }
    function announceMentions(n) {
      if (!mentionStatus) return;
      mentionStatus.textContent = n ? interpolate(
        ngettext("%(count)s person suggested: Up and Down to choose, Enter to insert.",
                 "%(count)s people suggested: Up and Down to choose, Enter to insert.", n),
        { count: n }, true) : "";
    }
    function selectMention(index) {
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (items[index]) textarea.setAttribute("aria-activedescendant", items[index].id);
      else textarea.removeAttribute("aria-activedescendant");
    }
    function closeMentions() {
      if (!list) return;
      list.hidden = true; list.innerHTML = "";
      announceMentions(0);
      textarea.removeAttribute("aria-activedescendant");
    }
    function pickMention(username) {
      var pos = textarea.selectionStart;
      var head = textarea.value.slice(0, pos).replace(/@[\p{L}\p{N}_.+-]*$/u, "@" + username + " ");
      textarea.value = head + textarea.value.slice(pos);
      textarea.setSelectionRange(head.length, head.length);
      closeMentions();
      textarea.focus();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));  // drafts follow
    }
    function suggestMentions() {
      if (!list) return;
      clearTimeout(mentionTimer);
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|\s)@([\p{L}\p{N}_.+-]{1,30})$/u.exec(before);
      if (!match) { closeMentions(); return; }
      var request = ++mentionRequest;
      mentionTimer = setTimeout(function () {
        fetch(options.mentionsUrl + "?q=" + encodeURIComponent(match[2]), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (data) {
            if (request !== mentionRequest) return;  // a newer request is on its way
            list.innerHTML = "";
            (data.results || []).forEach(function (person, index) {
              var item = document.createElement("li");
              item.id = list.id + "-" + index;
              item.setAttribute("role", "option");
              item.dataset.username = person.username;
              item.textContent = person.name + " (@" + person.username + (person.organisation ? ", " + person.organisation : "") + ")";
              item.addEventListener("mousedown", function (e) { e.preventDefault(); pickMention(person.username); });
              list.appendChild(item);
            });
            var open = list.children.length > 0;
            list.hidden = !open;
            announceMentions(list.children.length);
            selectMention(open ? 0 : -1);
          })
          .catch(closeMentions);
      }, 150);
    }
    if (list) {
      textarea.addEventListener("keydown", function (event) {
        if (list.hidden || !list.children.length) return;
        var items = Array.prototype.slice.call(list.children);
        var current = items.findIndex(function (li) { return li.getAttribute("aria-selected") === "true"; });
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          selectMention((current + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length);
        } else if ((event.key === "Enter" || event.key === "Tab") && current !== -1) {
          event.preventDefault();
          pickMention(items[current].dataset.username);
        } else if (event.key === "Escape") {
          event.preventDefault();
          closeMentions();
        }
      });
      textarea.addEventListener("blur", function () { setTimeout(closeMentions, 200); });
    }
    if (list) {
      textarea.addEventListener("input", suggestMentions);
    }
    return { hidePreview: hidePreview };
  };

  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    var textarea = form.querySelector("textarea[name=source]");
    if (!textarea) return;
    window.PraxisComposer(form, textarea, {
      previewUrl: form.dataset.previewUrl,
      mentionsUrl: form.dataset.mentionsUrl,
      draftKey: form.dataset.draftKey,
      draftFields: (form.dataset.draftFields || "").split(" ").filter(Boolean)
    });
  });
})();
