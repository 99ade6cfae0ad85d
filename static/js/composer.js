// The one composer for new threads and replies: a Markdown toolbar, a preview rendered by
// the server (the same path as a posted text), and a draft kept in this browser.
//
// PraxisComposer(form, textarea, {previewUrl, draftKey, draftFields}) wires the form's
// .editor-toolbar and .preview; thread.js calls it for the reply form, and a form marked
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
    return { hidePreview: hidePreview };
  };

  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    var textarea = form.querySelector("textarea[name=source]");
    if (!textarea) return;
    window.PraxisComposer(form, textarea, {
      previewUrl: form.dataset.previewUrl,
      draftKey: form.dataset.draftKey,
      draftFields: (form.dataset.draftFields || "").split(" ").filter(Boolean)
    });
  });
})();
