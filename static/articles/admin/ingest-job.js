/* The status page of an ingest job: asks the server for the job's state every second and
   shows it (the bar, the step, the report or the error); once the job is done it goes to
   the review of page 1. A static file, so the admin's Content-Security-Policy needs no
   inline script. */
(function () {
  "use strict";
  var INTERVAL = 1000;

  function show(root, status) {
    var bar = root.querySelector("[data-job-bar]");
    bar.value = status.percent;
    bar.textContent = status.percent + "%";
    root.querySelector("[data-job-text]").textContent = status.text;
    root.setAttribute("data-state", status.state);
    var error = root.querySelector("[data-job-error]");
    error.textContent = status.error || "";
    error.hidden = !status.error;
    var report = root.querySelector("[data-job-report]");
    report.textContent = "";
    (status.report || []).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      report.appendChild(item);
    });
    var review = root.querySelector("[data-job-review]");
    if (status.review) {
      review.querySelector("a").setAttribute("href", status.review);
      review.hidden = false;
    }
    root.querySelector("[data-job-again]").hidden = status.state !== "failed";
  }

  function poll(root) {
    var url = root.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (status) {
        show(root, status);
        if (status.state === "done" && status.review) {
          window.location.assign(status.review);
        } else if (!status.finished) {
          window.setTimeout(function () { poll(root); }, INTERVAL);
        }
      })
      .catch(function () {
        // A lost request (a restart, the network): try again a little later.
        window.setTimeout(function () { poll(root); }, INTERVAL * 3);
      });
  }

  function start() {
    var root = document.querySelector("[data-ingest-job]");
    if (!root) return;
    var state = root.getAttribute("data-state");
    var review = root.querySelector("[data-job-review] a").getAttribute("href");
    if (state === "done" && review) {
      window.location.assign(review);
    } else if (state === "queued" || state === "running") {
      window.setTimeout(function () { poll(root); }, INTERVAL);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
