// Checkbox lists of topics, countries and spokespeople: filter as you type; an item chosen or
// created in the chooser beside the list is added to it, ticked. Delegated, so lists that the
// editor's autosave re-renders keep working.
(function () {
  function listOf(element) {
    return element.closest("[data-checklist]");
  }

  function filter(list) {
    var words = list.querySelector("[data-checklist-filter]").value.trim().toLowerCase();
    var shown = 0;
    list.querySelectorAll("[data-checklist-option]").forEach(function (option) {
      var match = !words || option.textContent.toLowerCase().indexOf(words) !== -1;
      option.hidden = !match;
      if (match) shown += 1;
    });
    list.querySelector("[data-checklist-empty]").hidden = shown > 0;
  }

  function add(list, input) {
    var id = input.value;
    if (!id) return;
    var name = list.dataset.checklistName;
    var box = list.querySelector('[data-checklist-options] input[value="' + CSS.escape(id) + '"]');
    if (!box) {
      var chooser = document.getElementById(input.id + "-chooser");
      var title = chooser ? chooser.querySelector("[data-chooser-title]").textContent.trim() : id;
      var item = document.createElement("li");
      item.setAttribute("data-checklist-option", "");
      var label = document.createElement("label");
      box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = id;
      label.append(box, " " + title);
      item.append(label);
      list.querySelector("[data-checklist-options]").append(item);
    }
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    list.querySelector("[data-checklist-filter]").value = "";
    filter(list);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-checklist-filter]")) filter(listOf(event.target));
  });
  document.addEventListener("keydown", function (event) {
    // Enter in the filter box must not submit the page form.
    if (event.key === "Enter" && event.target.matches("[data-checklist-filter]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var adder = event.target.closest("[data-checklist-adder]");
    if (adder && event.target.matches("input[type=hidden]")) add(listOf(adder), event.target);
  });
})();
