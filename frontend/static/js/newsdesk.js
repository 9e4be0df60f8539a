/* Progressive enhancement only: every page works without this file.
   - Autocomplete for search boxes marked data-autocomplete (JSON {"suggestions":[{"title","url"}]}).
   - Facet toggles on the search page: a changed facet applies at once, facets fold on phones. */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, wait);
    };
  }

  function safeUrl(url) {
    // Only same-site or http(s) addresses: a suggestion never runs script.
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) { return null; }
  }

  function enhanceAutocomplete(input, index) {
    var endpoint = input.getAttribute("data-autocomplete");
    if (!endpoint || !window.fetch) return;
    var list = document.createElement("ul");
    var listId = "autocomplete-" + index;
    var items = [];
    var active = -1;
    var controller = null;
    list.id = listId;
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    // The list hangs under the box: its holder is the positioning context.
    input.parentNode.classList.add("autocomplete-holder");
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(next) {
      if (!items.length) return;
      active = (next + items.length) % items.length;
      items.forEach(function (item, position) {
        item.node.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].node.id);
    }

    function render(suggestions) {
      list.textContent = "";
      items = [];
      suggestions.slice(0, 8).forEach(function (suggestion, position) {
        if (!suggestion || typeof suggestion.title !== "string") return;
        var url = safeUrl(suggestion.url);
        if (!url) return;
        var node = document.createElement("li");
        node.id = listId + "-" + position;
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", "false");
        node.textContent = suggestion.title;
        node.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = url;
        });
        list.appendChild(node);
        items.push({ node: node, url: url });
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    var lookup = debounce(function () {
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (input.value.trim() !== query) return;
          render(data && Array.isArray(data.suggestions) ? data.suggestions : []);
        })
        .catch(function () { close(); });
    }, 200);

    input.addEventListener("input", lookup);
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].url;
      }
    });
  }

  function enhanceFacets(facets) {
    var wide = window.matchMedia ? window.matchMedia("(min-width: 56rem)") : null;
    // The facets fold on phones; on wide screens they are a sidebar, always open.
    if (facets.tagName === "DETAILS" && wide) {
      var sync = function () { if (wide.matches) facets.open = true; };
      // On a phone the results come first: folded, unless a facet is already applied.
      if (!wide.matches && !facets.querySelector("input:checked")) facets.open = false;
      sync();
      if (wide.addEventListener) wide.addEventListener("change", sync);
      // The sidebar's heading is not a toggle (Enter on it must not hide the facets).
      facets.addEventListener("toggle", sync);
    }
    var form = facets.closest("form") || facets.querySelector("form");
    if (!form) return;
    form.querySelectorAll(".facets-submit").forEach(function (button) {
      button.classList.add("is-enhanced");
    });
    facets.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || !target.matches("input[type=checkbox], input[type=radio], select")) return;
      // A new selection starts from the first page of results.
      var page = form.querySelector("input[name=page]");
      if (page) page.parentNode.removeChild(page);
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  }

  function start() {
    document.querySelectorAll("input[data-autocomplete]").forEach(enhanceAutocomplete);
    document.querySelectorAll(".facets").forEach(enhanceFacets);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
