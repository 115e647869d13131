/* The reader's e-paper, made a little better: everything here only adds to pages that work
   without JavaScript. No framework, no build step; loaded with `defer`.
   - the article page: text size 大/中/小 (remembered on the device), print, copy link;
   - the page: a story's region and its headline in the list highlight each other;
     swiping left or right on the page image turns to the next or previous page;
   - the zoom view: buttons, the mouse wheel, pinching and dragging, full screen. */
(function () {
  "use strict";

  var doc = document;
  var root = doc.documentElement;
  var SIZE_KEY = "newspaper:text-size";

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || doc).querySelectorAll(selector));
  }

  function store(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (error) {
      return null; /* private mode or storage off: the choice lasts this page only */
    }
    return value;
  }

  /* Controls that need JavaScript are hidden in the HTML and shown here. */
  all("[data-js-only]").forEach(function (element) {
    element.hidden = false;
  });

  /* 字号: large, medium or small article text. */
  function setTextSize(size) {
    if (["large", "medium", "small"].indexOf(size) < 0) size = "medium";
    root.setAttribute("data-text-size", size);
    all("[data-font-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-font-size") === size));
    });
  }
  setTextSize(store(SIZE_KEY));
  all("[data-font-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.getAttribute("data-font-size");
      store(SIZE_KEY, size);
      setTextSize(size);
    });
  });

  /* 打印本文 and 复制链接. */
  all("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
  all("[data-copy-link]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-copy-link") || window.location.href;
      var status = doc.querySelector("[data-copy-status]");
      function done(message) {
        if (status) status.textContent = message;
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(
          function () { done("链接已复制"); },
          function () { done(url); }
        );
      } else {
        done(url);
      }
    });
  });

  /* A story's region on the page and its headline in the list light up together. */
  var linked = all("[data-article]");
  function highlight(id, on) {
    linked.forEach(function (element) {
      if (element.getAttribute("data-article") === id) element.classList.toggle("is-linked", on);
    });
  }
  linked.forEach(function (element) {
    var id = element.getAttribute("data-article");
    ["mouseenter", "focusin"].forEach(function (type) {
      element.addEventListener(type, function () { highlight(id, true); });
    });
    ["mouseleave", "focusout"].forEach(function (type) {
      element.addEventListener(type, function () { highlight(id, false); });
    });
  });

  /* Swipe on the page image: left for the next page, right for the previous one. */
  all("[data-page-map]").forEach(function (map) {
    var start = null;
    map.addEventListener("pointerdown", function (event) {
      start = event.pointerType === "touch" && event.isPrimary
        ? { x: event.clientX, y: event.clientY, t: Date.now() } : null;
    });
    map.addEventListener("pointercancel", function () { start = null; });
    map.addEventListener("pointerup", function (event) {
      if (!start || event.pointerType !== "touch") return;
      var dx = event.clientX - start.x, dy = event.clientY - start.y;
      var zoomed = window.visualViewport && window.visualViewport.scale > 1.05;
      start = null;
      if (zoomed || Math.abs(dx) < 60 || Math.abs(dx) < 2 * Math.abs(dy)) return;
      var page = map.closest(".paper-page") || doc;
      var link = page.querySelector(".prev-next a[rel=" + (dx < 0 ? "next" : "prev") + "]");
      if (link) window.location.assign(link.href);
    });
  });

  /* The zoom view. */
  all("[data-zoom]").forEach(function (zoom) {
    var viewport = zoom.querySelector("[data-zoom-viewport]");
    var stage = zoom.querySelector("[data-zoom-stage]");
    var level = zoom.querySelector("[data-zoom-level]");
    var scale = 1, x = 0, y = 0, MIN = 1, MAX = 6;
    var pointers = {}, pinch = null, drag = null;
    zoom.classList.add("is-enhanced");

    function apply() {
      var width = viewport.clientWidth, height = viewport.clientHeight;
      var stageHeight = stage.offsetHeight * scale, stageWidth = stage.offsetWidth * scale;
      x = Math.min(0, Math.max(width - stageWidth, x));
      y = stageHeight > height ? Math.min(0, Math.max(height - stageHeight, y)) : 0;
      stage.style.transform = "translate(" + x + "px," + y + "px) scale(" + scale + ")";
      if (level) level.textContent = Math.round(scale * 100) + "%";
      zoom.setAttribute("data-scale", scale.toFixed(2));
    }
    function zoomTo(next, cx, cy) {
      next = Math.min(MAX, Math.max(MIN, next));
      if (cx === undefined) { cx = viewport.clientWidth / 2; cy = viewport.clientHeight / 2; }
      x = cx - (cx - x) * next / scale;
      y = cy - (cy - y) * next / scale;
      scale = next;
      apply();
    }
    function point(event) {
      var box = viewport.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    zoom.querySelector("[data-zoom-in]").addEventListener("click", function () { zoomTo(scale * 1.5); });
    zoom.querySelector("[data-zoom-out]").addEventListener("click", function () { zoomTo(scale / 1.5); });
    zoom.querySelector("[data-zoom-reset]").addEventListener("click", function () {
      scale = 1; x = 0; y = 0; apply();
    });
    var full = zoom.querySelector("[data-zoom-full]");
    if (!zoom.requestFullscreen) {
      full.hidden = true;
    } else {
      full.addEventListener("click", function () {
        if (doc.fullscreenElement) doc.exitFullscreen();
        else zoom.requestFullscreen().catch(function () {});
      });
      doc.addEventListener("fullscreenchange", function () { apply(); });
    }
    viewport.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = point(event);
      zoomTo(scale * (event.deltaY < 0 ? 1.2 : 1 / 1.2), p.x, p.y);
    }, { passive: false });
    viewport.addEventListener("pointerdown", function (event) {
      pointers[event.pointerId] = point(event);
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y), scale: scale };
        drag = null;
      } else if (ids.length === 1 && event.target.closest("a") === null) {
        drag = { x: event.clientX - x, y: event.clientY - y };
        viewport.setPointerCapture(event.pointerId);
      }
    });
    viewport.addEventListener("pointermove", function (event) {
      if (!(event.pointerId in pointers)) return;
      pointers[event.pointerId] = point(event);
      var ids = Object.keys(pointers);
      if (pinch && ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        var distance = Math.hypot(a.x - b.x, a.y - b.y);
        zoomTo(pinch.scale * distance / pinch.distance, (a.x + b.x) / 2, (a.y + b.y) / 2);
      } else if (drag) {
        x = event.clientX - drag.x;
        y = event.clientY - drag.y;
        apply();
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (Object.keys(pointers).length < 2) pinch = null;
      if (!Object.keys(pointers).length) drag = null;
    }
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);
    window.addEventListener("resize", apply);
    apply();
  });
})();
