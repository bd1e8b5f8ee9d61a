// An operator registered from the account form's link: tell that form's tab (static/js/account-form.js).
(function () {
  "use strict";
  var registered = document.getElementById("operator-hand-back");
  if (!registered) {
    return;
  }
  try {
    window.localStorage.setItem(
      "yuhang:operator-registered",
      JSON.stringify({ id: registered.dataset.id, label: registered.dataset.label, at: Date.now() })
    );
  } catch (error) {
    // Storage may be off (private browsing): the officer chooses the operator by searching instead.
  }
})();
