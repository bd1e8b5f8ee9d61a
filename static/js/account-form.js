// The account form: an operator registered in another tab from this form's link is added to the
// operator choice (made searchable by search-select.js) and chosen.
(function () {
  "use strict";
  var select = document.getElementById("id_operator");
  if (!select) {
    return;
  }
  window.addEventListener("storage", function (event) {
    if (event.key !== "yuhang:operator-registered" || !event.newValue || !select.tomselect) {
      return;
    }
    var operator = JSON.parse(event.newValue);
    select.tomselect.addOption({ value: String(operator.id), text: operator.label });
    select.tomselect.setValue(String(operator.id));
  });
})();
