// Polls an annual report's generation and reloads the page when it has finished.
(function () {
  var box = document.getElementById("report-progress");
  if (!box || box.dataset.finished === "1") return;
  var bar = document.getElementById("report-bar");
  var step = document.getElementById("report-step");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        step.textContent = s.step;
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 500); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 300);
})();
