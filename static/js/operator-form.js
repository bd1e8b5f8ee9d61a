// The operator form shows the fields of the chosen kind only (organisation or individual). Without
// JavaScript both groups show under their headings and the server ignores the other kind's fields.
(function () {
  "use strict";
  var radios = document.querySelectorAll("#operator-kind input[name=kind]");
  var groups = document.querySelectorAll("fieldset[data-kind]");
  if (!radios.length || !groups.length) {
    return;
  }
  function show() {
    var checked = document.querySelector("#operator-kind input[name=kind]:checked");
    var kind = checked ? checked.value : "";
    groups.forEach(function (group) {
      var on = group.dataset.kind === kind;
      group.hidden = !on;
      group.disabled = !on;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
})();
