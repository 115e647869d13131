/* A page row added by hand to an edition starts with the next free page number. */
(function () {
  "use strict";
  document.addEventListener("formset:added", function (event) {
    if (!event.detail || event.detail.formsetName !== "pages") return;
    var row = event.target;
    var input = row.querySelector("input[name$='-number']");
    if (!input || input.value) return;
    var highest = 0;
    document.querySelectorAll("input[name^='pages-'][name$='-number']").forEach(function (other) {
      var value = parseInt(other.value, 10);
      if (other !== input && value > highest) highest = value;
    });
    input.value = String(highest + 1);
  });
})();
