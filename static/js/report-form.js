// The report form's evidence images, as progressive enhancement of a plain multiple file input.
// Each pick adds to the images already chosen (a second pick no longer replaces the first); each
// image shows a thumbnail and a remove button; type, size and count are checked before anything
// is uploaded. The input's file list is rebuilt from the chosen images, so the form posts as usual.
// Without JavaScript the input works as the browser's own and the server checks everything.
(function () {
  "use strict";
  var input = document.getElementById("id_images");
  var box = document.getElementById("evidence");
  if (!input || !box || typeof DataTransfer === "undefined") {
    return;
  }
  var chosen = document.getElementById("images-chosen");
  var previews = document.getElementById("images-previews");
  var problems = document.getElementById("images-problems");
  var button = document.getElementById("images-button");
  var maxImages = parseInt(input.dataset.maxImages, 10);
  var maxBytes = parseInt(input.dataset.maxBytes, 10);
  var types = (input.getAttribute("accept") || "").split(",");
  var files = [];

  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function keptCount() {
    var boxes = box.querySelectorAll("#images-kept input[type=checkbox]");
    return Array.prototype.filter.call(boxes, function (check) { return !check.checked; }).length;
  }

  function sync() {
    var transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    var total = files.length + keptCount();
    chosen.textContent = total ? say(box.dataset.count, { count: total, limit: maxImages }) : box.dataset.none;
    render();
  }

  function render() {
    previews.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
    previews.textContent = "";
    files.forEach(function (file, index) {
      var item = document.createElement("li");
      item.className = "evidence-preview card";
      var img = document.createElement("img");
      img.src = URL.createObjectURL(file);
      img.alt = file.name;
      img.className = "card-img-top";
      var body = document.createElement("div");
      body.className = "card-body p-2 small";
      var name = document.createElement("div");
      name.className = "text-truncate";
      name.textContent = file.name;
      var meta = document.createElement("div");
      meta.className = "text-muted";
      meta.textContent = size(file.size);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-outline-danger btn-sm w-100 mt-1";
      remove.textContent = box.dataset.remove;
      remove.setAttribute("aria-label", box.dataset.remove + " " + file.name);
      remove.addEventListener("click", function () {
        files.splice(index, 1);
        sync();
        button.focus();
      });
      body.append(name, meta, remove);
      item.append(img, body);
      previews.appendChild(item);
    });
  }

  function refusal(file) {
    if (types.indexOf(file.type) === -1) {
      return say(box.dataset.badType, { name: file.name });
    }
    if (file.size > maxBytes) {
      return say(box.dataset.tooBig, { name: file.name, size: size(file.size), limit: size(maxBytes) });
    }
    if (files.length + keptCount() >= maxImages) {
      return say(box.dataset.tooMany, { name: file.name, limit: maxImages });
    }
    return null;
  }

  input.addEventListener("change", function () {
    var messages = [];
    // input.files is replaced by sync(); copy the new pick first.
    Array.prototype.slice.call(input.files).forEach(function (file) {
      var problem = refusal(file);
      if (problem) {
        messages.push(problem);
      } else {
        files.push(file);
      }
    });
    problems.textContent = messages.join(" ");
    sync();
  });
  box.querySelectorAll("#images-kept input[type=checkbox]").forEach(function (check) {
    check.addEventListener("change", sync);
  });
  button.textContent = box.dataset.addLabel;
  sync();
})();
