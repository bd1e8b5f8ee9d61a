// Selects marked data-search-url (yuhang_cac/core/remote_choices.py) become Tom Select boxes
// (vendored) that ask that URL for matches as the user types: the page holds only the chosen
// options, however large the table.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") {
    return;
  }
  document.querySelectorAll("select[data-search-url]").forEach(function (select) {
    // Tom Select moves the label to its own search box; the hidden select keeps the label's name.
    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) {
      select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    }
    var settings = {
      allowEmptyOption: true,
      maxOptions: 100,
      placeholder: select.dataset.placeholder,
      plugins: select.multiple ? ["remove_button"] : [],
      render: {
        // Tom Select's own "no results" text is English: the page gives its own, or none.
        no_results: function () {
          var message = document.createElement("div");
          message.className = "no-results";
          message.textContent = select.dataset.noResults || "";
          return message;
        }
      }
    };
    var url = select.dataset.searchUrl;
    settings.valueField = "value";
    settings.labelField = "text";
    settings.searchField = [];
    // The server has matched already: keep its order and every row it sent.
    settings.score = function () {
      return function () {
        return 1;
      };
    };
    settings.load = function (query, callback) {
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          callback(data.results);
        })
        .catch(function () {
          callback();
        });
    };
    new TomSelect(select, settings);
  });
})();
