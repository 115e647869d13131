/* Names for the admin's unnamed controls, so screen readers (and axe-core) can tell them:
   - tabular inline cells take their column's heading (版号, 版名 …, 删除);
   - a split date/time field's two boxes are "<label> 日期" and "<label> 时间";
   - an autocomplete (Select2) box takes its field's label. */
(function () {
  "use strict";
  function text(node) { return (node && node.textContent || "").replace(/\s+/g, " ").trim(); }
  function nameIt(element, name) {
    if (name && !element.getAttribute("aria-label") && !element.labels.length) {
      element.setAttribute("aria-label", name);
    }
  }

  function nameInlineCells(root) {
    root.querySelectorAll(".tabular table").forEach(function (table) {
      var headings = table.querySelectorAll("thead th");
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var rowName = text(row.querySelector("td.original p")) ||
          (row.querySelector("td.original") ? "" : "");
        Array.prototype.forEach.call(row.cells, function (cell) {
          var heading = headings[cell.cellIndex];
          var name = text(heading) || (cell.classList.contains("delete") ? "删除" : "");
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            nameIt(control, rowName ? name + "(" + rowName + ")" : name);
          });
        });
      });
    });
  }

  function nameSplitDateTimes(root) {
    root.querySelectorAll("p.datetime").forEach(function (box) {
      var row = box.closest(".form-row, .fieldBox, div");
      var label = text(row && row.querySelector("label")).replace(/[:：]$/, "");
      var date = box.querySelector("input.vDateField");
      var time = box.querySelector("input.vTimeField");
      if (date) nameIt(date, label + " 日期");
      if (time) nameIt(time, label + " 时间");
    });
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.labels.length ? text(select.labels[0]).replace(/[:：]$/, "") : "";
      if (!label) return;
      var container = document.getElementById("select2-" + select.id + "-container");
      if (container) container.setAttribute("aria-label", label);
      var combo = container && container.closest("[role=combobox]");
      if (combo) combo.setAttribute("aria-label", label);
    });
  }

  /* Django writes a few image texts in English whatever the language: say them in Chinese. */
  var IMAGE_TEXTS = { "Search": "搜索", "True": "是", "False": "否", "None": "未知" };
  function translateImageTexts(root) {
    root.querySelectorAll("img[alt]").forEach(function (image) {
      var chinese = IMAGE_TEXTS[image.getAttribute("alt")];
      if (chinese) image.setAttribute("alt", chinese);
    });
  }

  function nameAll(root) {
    translateImageTexts(root);
    nameInlineCells(root);
    nameSplitDateTimes(root);
    nameAutocompletes(root);
    document.documentElement.setAttribute("data-a11y-named", "1");
  }

  // After every other load handler: Django starts its autocompletes on "load" too.
  window.addEventListener("load", function () { window.setTimeout(function () { nameAll(document); }, 0); });
  document.addEventListener("formset:added", function () { window.setTimeout(function () { nameAll(document); }, 0); });
})();
