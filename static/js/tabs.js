// Keeps the open tab of a page in its address (?tab=key), so a reload or a shared link opens the same tab.
// The server marks the tab named in the address as active; without JavaScript the first tab shows.
(function () {
  "use strict";
  document.querySelectorAll("[data-tab-key]").forEach(function (button) {
    button.addEventListener("shown.bs.tab", function () {
      var url = new URL(window.location.href);
      url.searchParams.set("tab", button.getAttribute("data-tab-key"));
      window.history.replaceState(null, "", url.toString());
    });
  });
})();
