/* The page plan (版面编排): move articles between pages and within a page, by mouse
   (drag and drop) or by keyboard (Space picks up, arrows move, Space puts down, Escape
   cancels). Every move posts the whole arrangement with the plan's token; the server
   refuses it if someone else changed the pages meanwhile, and the plan reloads. */
(function () {
  "use strict";
  var plan, config, statusLine, grabbed = null, origin = null, dragged = null, busy = false;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }
  function say(text) { statusLine.textContent = text; }
  function lists() { return Array.prototype.slice.call(plan.querySelectorAll(".plan-list")); }
  function cards(list) {
    return Array.prototype.filter.call(list.children, function (c) { return c.classList.contains("plan-card"); });
  }
  function where(card) {
    var list = card.parentNode;
    return { title: card.getAttribute("data-title"), page: list.getAttribute("data-label"),
             position: cards(list).indexOf(card) + 1 };
  }

  function layout() {
    var pages = {};
    lists().forEach(function (list) {
      var page = list.getAttribute("data-page");
      if (!page) return;
      pages[page] = cards(list).map(function (card) { return Number(card.getAttribute("data-article")); });
    });
    return pages;
  }

  function updateTotals() {
    lists().forEach(function (list) {
      var total = list.parentNode.querySelector("[data-total]");
      if (!total) return;
      total.textContent = String(cards(list).reduce(function (sum, card) {
        return sum + Number(card.getAttribute("data-words") || 0);
      }, 0));
    });
  }

  function csrfToken() {
    var input = document.querySelector("#plan-csrf input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function save(after) {
    updateTotals();
    busy = true;
    plan.setAttribute("aria-busy", "true");
    return fetch(config.arrangeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ token: config.token, pages: layout() }),
    }).then(function (response) {
      return response.json().then(function (answer) {
        busy = false;
        plan.removeAttribute("aria-busy");
        if (response.ok) {
          config.token = answer.token;
          plan.setAttribute("data-token", answer.token);
          say((after ? after + " " : "") + answer.message);
          return;
        }
        say(answer.error || config.messages.failed);
        if (response.status === 409) window.setTimeout(function () { window.location.reload(); }, 2500);
      });
    }).catch(function () {
      busy = false;
      plan.removeAttribute("aria-busy");
      say(config.messages.failed);
    });
  }

  /* --- keyboard ---------------------------------------------------------------------- */
  function pickUp(card) {
    grabbed = card;
    origin = { list: card.parentNode, next: card.nextElementSibling };
    card.setAttribute("aria-grabbed", "true");
    say(format(config.messages.picked, where(card)));
  }
  function putDown(card) {
    card.setAttribute("aria-grabbed", "false");
    grabbed = null;
    var moved = card.parentNode !== origin.list || card.nextElementSibling !== origin.next;
    origin = null;
    var message = format(config.messages.dropped, where(card));
    if (moved) save(message); else say(message);
  }
  function cancel(card) {
    origin.list.insertBefore(card, origin.next);
    card.setAttribute("aria-grabbed", "false");
    grabbed = null;
    origin = null;
    card.focus();
    say(config.messages.cancelled);
  }
  function moveBy(card, key) {
    var list = card.parentNode;
    var all = lists();
    if (key === "ArrowUp" && card.previousElementSibling) {
      list.insertBefore(card, card.previousElementSibling);
    } else if (key === "ArrowDown" && card.nextElementSibling) {
      list.insertBefore(card.nextElementSibling, card);
    } else if (key === "ArrowLeft" || key === "ArrowRight") {
      var index = all.indexOf(list) + (key === "ArrowLeft" ? -1 : 1);
      if (index < 0 || index >= all.length) return;
      all[index].appendChild(card);
    } else {
      return;
    }
    card.focus();
    say(format(config.messages.moved, where(card)));
  }
  function onKey(event) {
    var card = event.target;
    if (!card.classList || !card.classList.contains("plan-card") || busy) return;
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      if (grabbed === card) putDown(card); else if (!grabbed) pickUp(card);
    } else if (grabbed === card && event.key === "Escape") {
      event.preventDefault();
      cancel(card);
    } else if (grabbed === card && /^Arrow/.test(event.key)) {
      event.preventDefault();
      moveBy(card, event.key);
    }
  }

  /* --- mouse: HTML drag and drop ------------------------------------------------------ */
  function cardAfter(list, y) {
    var after = null;
    cards(list).some(function (card) {
      if (card === dragged) return false;
      var box = card.getBoundingClientRect();
      if (y < box.top + box.height / 2) { after = card; return true; }
      return false;
    });
    return after;
  }
  function onDragStart(event) {
    var card = event.target.closest && event.target.closest(".plan-card");
    if (!card || busy) return;
    dragged = card;
    origin = { list: card.parentNode, next: card.nextElementSibling };
    card.classList.add("plan-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.getAttribute("data-article"));
  }
  function onDragOver(event) {
    var list = event.target.closest && event.target.closest(".plan-list");
    if (!dragged || !list) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var before = cardAfter(list, event.clientY);
    if (before !== dragged && (dragged.parentNode !== list || dragged.nextElementSibling !== before)) {
      list.insertBefore(dragged, before);
    }
  }
  function onDrop(event) {
    if (!dragged) return;
    event.preventDefault();
  }
  function onDragEnd() {
    if (!dragged) return;
    var card = dragged;
    dragged = null;
    card.classList.remove("plan-dragging");
    var moved = card.parentNode !== origin.list || card.nextElementSibling !== origin.next;
    origin = null;
    if (moved) save(format(config.messages.dropped, where(card)));
  }

  function start() {
    plan = document.getElementById("page-plan");
    var script = document.getElementById("plan-config");
    statusLine = document.getElementById("plan-status");
    if (!plan || !script) return;
    config = JSON.parse(script.textContent);
    plan.setAttribute("data-token", config.token);
    if (!config.canArrange) return;
    plan.addEventListener("keydown", onKey);
    plan.addEventListener("dragstart", onDragStart);
    plan.addEventListener("dragover", onDragOver);
    plan.addEventListener("drop", onDrop);
    plan.addEventListener("dragend", onDragEnd);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
