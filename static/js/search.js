// Autocomplete for search boxes marked with data-autocomplete="<endpoint>".
// Progressive enhancement: without this script the boxes are plain GET forms to /search/.
// The list follows the ARIA combobox pattern (arrow keys, Enter, Escape); every text is
// inserted with textContent, never as HTML.
(function () {
    "use strict";

    // Translations from /jsi18n/ (static/js/i18n.js stands in if it failed to load).
    var gettext = window.gettext, ngettext = window.ngettext, interpolate = window.interpolate;

    var DELAY_MS = 150;
    var counter = 0;

    function enhance(input) {
        var endpoint = input.getAttribute("data-autocomplete");
        if (!endpoint || !window.fetch) {
            return;
        }
        counter += 1;
        var listId = "search-suggestions-" + counter;
        var list = document.createElement("ul");
        list.id = listId;
        list.setAttribute("role", "listbox");
        list.hidden = true;
        list.style.cssText =
            "position:absolute;z-index:20;background:#fff;border:1px solid #ccc;" +
            "list-style:none;margin:0;padding:0;min-width:18rem;max-width:32rem;";
        var status = document.createElement("span");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        status.setAttribute("aria-live", "polite");
        input.parentNode.style.position = "relative";
        input.parentNode.appendChild(list);
        input.parentNode.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        var timer = null;
        var active = -1;
        var items = [];
        var controller = null;

        function close() {
            list.hidden = true;
            list.textContent = "";
            items = [];
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            items.forEach(function (item, i) {
                item.setAttribute("aria-selected", i === index ? "true" : "false");
                item.style.background = i === index ? "#e8eef7" : "";
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", items[index].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function render(results) {
            close();
            if (!results.length) {
                return;
            }
            results.forEach(function (result, i) {
                var item = document.createElement("li");
                item.id = listId + "-" + i;
                item.setAttribute("role", "option");
                item.style.cssText = "padding:.35rem .6rem;cursor:pointer;";
                var title = document.createElement("span");
                title.textContent = result.title;
                var meta = document.createElement("span");
                meta.style.cssText = "display:block;font-size:.85em;color:#555;";
                meta.textContent = result.type_label + (result.where ? " · " + result.where : "");
                item.appendChild(title);
                item.appendChild(meta);
                item.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.href = result.url;
                });
                list.appendChild(item);
                items.push(item);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = interpolate(
                ngettext("%(count)s suggestion ↓", "%(count)s suggestions ↓", results.length),
                { count: results.length }, true);
        }

        function fetchSuggestions() {
            var text = input.value.trim();
            if (text.length < 2) {
                close();
                return;
            }
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            var url = endpoint + "?q=" + encodeURIComponent(text);
            fetch(url, {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined,
            })
                .then(function (response) {
                    return response.ok ? response.json() : { results: [] };
                })
                .then(function (data) {
                    if (input.value.trim() === text) {
                        render(data.results || []);
                    }
                })
                .catch(function () {
                    /* aborted or offline: the form still works */
                });
        }

        input.addEventListener("input", function () {
            window.clearTimeout(timer);
            timer = window.setTimeout(fetchSuggestions, DELAY_MS);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) {
                return;
            }
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight((active + 1) % items.length);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active <= 0 ? items.length - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                items[active].dispatchEvent(new MouseEvent("mousedown"));
            } else if (event.key === "Escape") {
                close();
            }
        });
        input.addEventListener("blur", function () {
            window.setTimeout(close, 100);
        });
    }

    document.querySelectorAll("input[data-autocomplete]").forEach(enhance);
})();
