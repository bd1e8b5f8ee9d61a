// A long choice (accounts) becomes searchable by typing (Tom Select, vendored). Without JavaScript
// the browser's own select lists every option and the form works the same.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }
  document.querySelectorAll("select[data-searchable]").forEach(function (select) {
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) {
      select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    }
    var noResults = document.createElement("div");
    noResults.className = "no-results";
    noResults.textContent = select.dataset.noResults || "";
    new TomSelect(select, {
      allowEmptyOption: true,
      maxOptions: 100,
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        no_results: function () {
          return noResults.cloneNode(true);
        }
      }
    });
  });
})();
