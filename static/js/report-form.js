// The report form: list the chosen evidence files beside the "choose images" button.
(function () {
  "use strict";
  var input = document.getElementById("id_images");
  var chosen = document.getElementById("images-chosen");
  if (!input || !chosen) {
    return;
  }
  input.addEventListener("change", function () {
    var names = Array.prototype.map.call(input.files, function (file) {
      return file.name;
    });
    chosen.textContent = names.length ? names.join("、") : chosen.dataset.none;
  });
})();
