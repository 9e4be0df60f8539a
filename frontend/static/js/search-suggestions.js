// Title suggestions while typing: fills the search box's <datalist>. Without it, the
// "Suggest titles" button does the same as a plain form.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var latest = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { list.replaceChildren(); return; }
    timer = setTimeout(function () {
      latest = text;
      var url = input.dataset.suggestUrl + "?format=json&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (text !== latest) return;
          list.replaceChildren.apply(list, data.suggestions.map(function (item) {
            var option = document.createElement("option");
            option.value = item.title;
            return option;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }, 200);
  });
})();
