// The account form: the operator select becomes searchable (Tom Select, vendored), and an operator
// registered in another tab from this form's link is added to it and chosen. Without JavaScript the
// select is the browser's own and still lists every operator.
(function () {
  "use strict";
  var select = document.querySelector("select[data-searchable]");
  if (!select || typeof TomSelect === "undefined") {
    return;
  }
  // Tom Select moves the label to its own search box; the hidden select keeps the label's name.
  var label = document.querySelector("label[for='" + select.id + "']");
  if (label) {
    select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
  }
  var noResults = document.createElement("div");
  noResults.className = "no-results";
  noResults.textContent = select.dataset.noResults;
  var searchable = new TomSelect(select, {
    allowEmptyOption: true,
    maxOptions: 100,
    placeholder: select.dataset.placeholder,
    render: {
      no_results: function () {
        return noResults.cloneNode(true);
      }
    }
  });
  window.addEventListener("storage", function (event) {
    if (event.key !== "yuhang:operator-registered" || !event.newValue) {
      return;
    }
    var operator = JSON.parse(event.newValue);
    searchable.addOption({ value: String(operator.id), text: operator.label });
    searchable.setValue(String(operator.id));
  });
})();
