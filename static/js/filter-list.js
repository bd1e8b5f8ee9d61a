// Narrows a long list of checkboxes as one types in a search box (data-filter-list="#list").
// Without JavaScript the whole list shows and the form works the same.
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-list]").forEach(function (box) {
    var list = document.querySelector(box.getAttribute("data-filter-list"));
    if (!list) {
      return;
    }
    box.addEventListener("input", function () {
      var needle = box.value.trim();
      list.querySelectorAll(".form-check").forEach(function (row) {
        row.hidden = needle !== "" && row.textContent.indexOf(needle) === -1;
      });
    });
  });
})();
