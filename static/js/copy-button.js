// Copy buttons: <button data-copy="text" data-copied="…" data-failed="…" hidden>. Without JavaScript
// the button stays hidden and the page says to write the text down.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "position-absolute opacity-0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var result = document.getElementById(button.getAttribute("aria-describedby"));
    function say(ok) {
      if (result) {
        result.textContent = ok ? button.dataset.copied : button.dataset.failed;
      }
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.dataset.copy;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { say(true); },
          function () { say(fallbackCopy(text)); }
        );
      } else {
        say(fallbackCopy(text));
      }
    });
  });
})();
