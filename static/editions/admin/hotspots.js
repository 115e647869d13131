/* The hotspot editor of a page's admin form: rectangles on the page image, one per story.

   Draw one by dragging on the page; drag it to move it, drag a corner to resize it. With
   the keyboard: "Add a hotspot", then the arrow keys move the focused hotspot, Shift with
   the arrow keys resizes it, Alt makes the steps finer, Delete removes it (Backspace does
   not: a slip of the hand must not lose a region) and Enter goes to its article. Every
   change is written, as JSON, to the hidden input the form saves (articles.hotspots reads
   it); nothing is sent until the form is saved.
   Plain JavaScript, no build step. */
(function () {
  "use strict";

  var STEP = 0.005;
  var FINE_STEP = 0.001;
  var HANDLES = ["nw", "ne", "sw", "se"];
  var ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  function round(value) {
    return Math.round(value * 10000) / 10000;
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key];
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function HotspotEditor(root) {
    this.root = root;
    // The smallest region the server accepts (articles.hotspots.MIN_SIZE), from the page.
    this.minSize = Number(root.getAttribute("data-min-size"));
    this.config = JSON.parse(document.getElementById(root.getAttribute("data-config")).textContent);
    this.text = this.config.text;
    this.input = root.querySelector("[data-hotspot-input]");
    this.canvas = root.querySelector("[data-hotspot-canvas]");
    this.list = root.querySelector("[data-hotspot-list]");
    this.status = root.querySelector("[data-hotspot-status]");
    this.helpId = this.input.id + "-help";
    this.titles = {};
    this.config.articles.forEach(function (article) {
      this.titles[String(article.id)] = article.title;
    }, this);
    var saved = {};
    try {
      saved = JSON.parse(this.input.value || "{}");
    } catch (error) {
      saved = {};
    }
    this.version = saved.version || "";
    this.regions = [];
    this.drag = null;
    this.empty = element("li", "hotspot-editor__empty", this.text.none);
    this.list.appendChild(this.empty);
    (saved.regions || []).forEach(function (region) {
      this.add({
        article: region.article === null || region.article === undefined ? "" : String(region.article),
        x: Number(region.x) || 0,
        y: Number(region.y) || 0,
        width: Number(region.width) || this.minSize,
        height: Number(region.height) || this.minSize,
      });
    }, this);
    this.refresh();
    root.querySelector("[data-hotspot-add]").addEventListener("click", this.addByButton.bind(this));
    this.canvas.addEventListener("pointerdown", this.pointerDown.bind(this));
    this.canvas.addEventListener("pointermove", this.pointerMove.bind(this));
    this.canvas.addEventListener("pointerup", this.pointerUp.bind(this));
    this.canvas.addEventListener("pointercancel", this.pointerUp.bind(this));
  }

  HotspotEditor.prototype.add = function (region) {
    var box = element("div", "hotspot");
    box.tabIndex = 0;
    box.setAttribute("role", "group");
    box.setAttribute("aria-describedby", this.helpId);
    box.appendChild(element("span", "hotspot__label"));
    HANDLES.forEach(function (corner) {
      var handle = element("span", "hotspot__handle hotspot__handle--" + corner);
      handle.setAttribute("data-handle", corner);
      box.appendChild(handle);
    });
    box.addEventListener("keydown", this.keyDown.bind(this, region));
    box.addEventListener("focus", this.select.bind(this, region));

    var item = element("li", "hotspot-editor__item");
    var label = element("label", "hotspot-editor__name");
    var select = element("select", "hotspot-editor__article");
    select.appendChild(new Option(this.text.choose, ""));
    this.config.articles.forEach(function (article) {
      var name = article.title + (article.pages ? "（" + article.pages + "）" : "");
      select.appendChild(new Option(name, String(article.id)));
    });
    select.value = region.article;
    select.addEventListener("change", function () {
      region.article = select.value;
      this.refresh();
      this.changed();
    }.bind(this));
    select.addEventListener("focus", this.select.bind(this, region));
    var remove = element("button", "button hotspot-editor__delete", this.text.delete);
    remove.type = "button";
    remove.addEventListener("click", this.remove.bind(this, region));
    label.appendChild(element("span", "hotspot-editor__number"));
    label.appendChild(select);
    item.appendChild(label);
    item.appendChild(remove);

    region.box = box;
    region.item = item;
    region.select = select;
    this.regions.push(region);
    this.canvas.appendChild(box);
    this.list.appendChild(item);
    this.place(region);
    return region;
  };

  HotspotEditor.prototype.place = function (region) {
    var style = region.box.style;
    style.left = region.x * 100 + "%";
    style.top = region.y * 100 + "%";
    style.width = region.width * 100 + "%";
    style.height = region.height * 100 + "%";
  };

  /* Numbers, names and warnings follow the regions' order and articles. */
  HotspotEditor.prototype.refresh = function () {
    var counts = {};
    this.regions.forEach(function (region) {
      if (region.article) counts[region.article] = (counts[region.article] || 0) + 1;
    });
    this.regions.forEach(function (region, index) {
      var number = String(index + 1);
      var title = region.article ? this.titles[region.article] || "" : this.text.unassigned;
      region.box.querySelector(".hotspot__label").textContent = number + " " + title;
      region.box.setAttribute("aria-label", format(this.text.region, { number: number, title: title }));
      region.box.classList.toggle("is-unassigned", !region.article);
      var duplicate = Boolean(region.article) && counts[region.article] > 1;
      region.box.classList.toggle("is-duplicate", duplicate);
      region.select.setAttribute("aria-invalid", duplicate || !region.article ? "true" : "false");
      region.item.querySelector(".hotspot-editor__number").textContent =
        format(this.text.hotspot, { number: number });
    }, this);
    this.empty.hidden = this.regions.length > 0;
  };

  HotspotEditor.prototype.changed = function () {
    this.input.value = JSON.stringify({
      version: this.version,
      regions: this.regions.map(function (region) {
        return {
          article: region.article ? Number(region.article) : null,
          x: round(region.x),
          y: round(region.y),
          width: round(region.width),
          height: round(region.height),
        };
      }),
    });
  };

  HotspotEditor.prototype.announce = function (message) {
    this.status.textContent = message;
  };

  HotspotEditor.prototype.select = function (region) {
    this.regions.forEach(function (other) {
      other.box.classList.toggle("is-selected", other === region);
      other.item.classList.toggle("is-selected", other === region);
    });
  };

  HotspotEditor.prototype.created = function (region) {
    this.refresh();
    this.changed();
    this.select(region);
    region.box.focus();
    this.announce(format(this.text.created, { number: this.regions.indexOf(region) + 1 }));
  };

  HotspotEditor.prototype.addByButton = function () {
    // Each new one a little lower, so several added in a row do not hide one another.
    var offset = (this.regions.length % 8) * 0.04;
    this.created(this.add({ article: "", x: 0.35, y: clamp(0.3 + offset, 0, 0.85), width: 0.3, height: 0.15 }));
  };

  HotspotEditor.prototype.remove = function (region) {
    var index = this.regions.indexOf(region);
    if (index < 0) return;
    this.regions.splice(index, 1);
    region.box.remove();
    region.item.remove();
    this.refresh();
    this.changed();
    var next = this.regions[Math.min(index, this.regions.length - 1)];
    if (next) next.box.focus();
    else this.root.querySelector("[data-hotspot-add]").focus();
    this.announce(format(this.text.deleted, { number: index + 1 }));
  };

  HotspotEditor.prototype.move = function (region, dx, dy) {
    region.x = clamp(region.x + dx, 0, 1 - region.width);
    region.y = clamp(region.y + dy, 0, 1 - region.height);
  };

  HotspotEditor.prototype.resize = function (region, dx, dy) {
    region.width = clamp(region.width + dx, this.minSize, 1 - region.x);
    region.height = clamp(region.height + dy, this.minSize, 1 - region.y);
  };

  HotspotEditor.prototype.keyDown = function (region, event) {
    if (ARROWS[event.key]) {
      var step = event.altKey ? FINE_STEP : STEP;
      var d = ARROWS[event.key];
      if (event.shiftKey) this.resize(region, d[0] * step, d[1] * step);
      else this.move(region, d[0] * step, d[1] * step);
      this.place(region);
      this.changed();
      event.preventDefault();
    } else if (event.key === "Delete") {
      this.remove(region);
      event.preventDefault();
    } else if (event.key === "Enter") {
      region.select.focus();
      event.preventDefault();
    }
  };

  HotspotEditor.prototype.point = function (event) {
    var frame = this.canvas.getBoundingClientRect();
    return {
      x: clamp((event.clientX - frame.left) / frame.width, 0, 1),
      y: clamp((event.clientY - frame.top) / frame.height, 0, 1),
    };
  };

  HotspotEditor.prototype.regionOf = function (node) {
    var box = node.closest(".hotspot");
    for (var i = 0; i < this.regions.length; i++) {
      if (this.regions[i].box === box) return this.regions[i];
    }
    return null;
  };

  HotspotEditor.prototype.pointerDown = function (event) {
    if (event.button !== 0) return;
    var start = this.point(event);
    var region = this.regionOf(event.target);
    var handle = event.target.closest("[data-handle]");
    if (region) {
      this.select(region);
      region.box.focus({ preventScroll: true });
      this.drag = {
        mode: handle ? handle.getAttribute("data-handle") : "move",
        region: region,
        start: start,
        from: { x: region.x, y: region.y, width: region.width, height: region.height },
      };
    } else {
      this.drag = { mode: "draw", region: null, start: start };
    }
    this.canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  };

  HotspotEditor.prototype.pointerMove = function (event) {
    var drag = this.drag;
    if (!drag) return;
    var p = this.point(event);
    var region = drag.region;
    if (drag.mode === "draw") {
      var x = Math.min(drag.start.x, p.x);
      var y = Math.min(drag.start.y, p.y);
      var width = Math.abs(p.x - drag.start.x);
      var height = Math.abs(p.y - drag.start.y);
      if (!region) {
        if (width < this.minSize || height < this.minSize) return;
        region = drag.region = this.add({ article: "", x: x, y: y, width: width, height: height });
        region.box.classList.add("is-drawing");
      }
      region.x = x;
      region.y = y;
      region.width = width;
      region.height = height;
    } else if (drag.mode === "move") {
      region.x = drag.from.x;
      region.y = drag.from.y;
      this.move(region, p.x - drag.start.x, p.y - drag.start.y);
    } else {
      var from = drag.from;
      var left = from.x;
      var top = from.y;
      var right = from.x + from.width;
      var bottom = from.y + from.height;
      if (drag.mode.indexOf("w") >= 0) left = clamp(p.x, 0, right - this.minSize);
      if (drag.mode.indexOf("e") >= 0) right = clamp(p.x, left + this.minSize, 1);
      if (drag.mode.indexOf("n") >= 0) top = clamp(p.y, 0, bottom - this.minSize);
      if (drag.mode.indexOf("s") >= 0) bottom = clamp(p.y, top + this.minSize, 1);
      region.x = left;
      region.y = top;
      region.width = right - left;
      region.height = bottom - top;
    }
    this.place(region);
  };

  HotspotEditor.prototype.pointerUp = function (event) {
    var drag = this.drag;
    if (!drag) return;
    this.drag = null;
    if (this.canvas.hasPointerCapture(event.pointerId)) {
      this.canvas.releasePointerCapture(event.pointerId);
    }
    if (drag.mode === "draw") {
      if (drag.region) {
        drag.region.box.classList.remove("is-drawing");
        this.created(drag.region);
      }
      return;
    }
    var from = drag.from;
    var region = drag.region;
    if (region.x !== from.x || region.y !== from.y || region.width !== from.width || region.height !== from.height) {
      this.changed();
    }
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-hotspot-editor][data-config]"), function (root) {
      root.hotspotEditor = new HotspotEditor(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
