// Polls an import's status and reloads the page when it has finished.
(function () {
  var box = document.getElementById("import-progress");
  if (!box || box.dataset.finished === "1") return;
  var bar = document.getElementById("import-bar");
  var count = document.getElementById("import-count");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        count.textContent = s.processed + " / " + s.total;
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
