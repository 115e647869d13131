/* The article change form at deadline: no work is lost.
   - Unsaved edits: leaving the page asks first; a workflow button (提交审核, 审核通过 …) saves
     the form first, through the server's stale-save check, then takes the step.
   - Autosave: the text fields are posted every few seconds while they change (not a
     revision); reopening the article offers the autosaved text back.
   - A headline already used in this or the previous edition is flagged before saving.
   Configuration comes from the <script type="application/json" id="newsroom-form"> block. */
(function () {
  "use strict";
  var TEXT_FIELDS = ["kicker", "title", "subtitle", "highlights", "byline", "dateline", "source", "body"];
  var config, form, initial = null, lastAutosaved = null, submitting = false;

  function editor() {
    return window.CKEDITOR && window.CKEDITOR.instances.id_body;
  }

  function fieldValue(name) {
    if (name === "body" && editor()) return editor().getData();
    var element = form.elements.namedItem(name);
    return element && "value" in element ? element.value : null;
  }

  /* Everything the form would send, except the body (CKEditor knows if that changed). */
  function serialize() {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "body") return;
      if (element.type === "submit" || element.type === "button") return;
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) return;
      if (element.type === "file") {
        parts.push(element.name + "=" + (element.files ? element.files.length : 0));
        return;
      }
      if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          parts.push(element.name + "=" + option.value);
        });
        return;
      }
      parts.push(element.name + "=" + element.value);
    });
    return parts.join("&");
  }

  function isDirty() {
    if (initial === null) return false;
    var ed = editor();
    if (ed && ed.checkDirty()) return true;
    return serialize() !== initial;
  }

  function textSnapshot() {
    var data = {};
    TEXT_FIELDS.forEach(function (name) {
      var value = fieldValue(name);
      if (value !== null) data[name] = value;
    });
    return data;
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data) {
    var body = new URLSearchParams();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: body,
    });
  }

  function status(text) {
    var line = document.getElementById("autosave-status");
    if (line) line.textContent = text;
  }

  function autosave() {
    if (submitting || initial === null) return;
    var data = textSnapshot();
    var key = JSON.stringify(data);
    if (key === lastAutosaved) return;
    if (lastAutosaved === null && !isDirty()) { lastAutosaved = key; return; }
    data.base_version = String(config.version || 0);
    post(config.autosaveUrl, data).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok) {
          lastAutosaved = key;
          status(config.messages.autosaved + " " + answer.saved_at);
        } else {
          status(config.messages.autosaveFailed + " " + (answer.error || ""));
        }
      });
    }).catch(function () { status(config.messages.autosaveFailed); });
  }

  function ready() {
    initial = serialize();
    lastAutosaved = null;
    window.setInterval(autosave, 1000 * (config.autosaveSeconds || 10));
    document.dispatchEvent(new CustomEvent("newsroom:form-ready"));
    form.setAttribute("data-newsroom-ready", "1");
  }

  /* --- a workflow step on a form with unsaved edits: save first -------------------- */
  function stepOf(element) {
    var target = element.getAttribute("form") || element.getAttribute("href") || "";
    var match = /transition[-/](\w+)\/?$/.exec(target);
    return match ? match[1] : null;
  }

  function saveThen(step) {
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "_then_transition";
    hidden.value = step;
    form.appendChild(hidden);
    var continueButton = form.querySelector("input[name=_continue]");
    submitting = true;
    if (window.CKEDITOR) {
      Object.keys(window.CKEDITOR.instances).forEach(function (name) {
        window.CKEDITOR.instances[name].updateElement();
      });
    }
    if (form.requestSubmit) form.requestSubmit(continueButton || undefined);
    else form.submit();
  }

  function guardWorkflowButtons() {
    var buttons = document.querySelectorAll(".workflow-bar button[form^='transition-'], .workflow-bar a.button");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function (event) {
        var step = stepOf(button);
        if (!step || !isDirty()) return;
        event.preventDefault();
        saveThen(step);
      });
    });
  }

  /* --- autosaved text offered back --------------------------------------------------- */
  function restore(data) {
    Object.keys(data).forEach(function (name) {
      if (name === "body" && editor()) { editor().setData(data[name]); return; }
      var element = form.elements.namedItem(name);
      if (element && "value" in element) {
        element.value = data[name];
        element.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  function offerAutosave() {
    var box = document.getElementById("autosave-offer");
    if (!box || !config.offer) return;
    box.hidden = false;
    document.getElementById("autosave-restore").addEventListener("click", function () {
      restore(config.offer);
      box.hidden = true;
      status(config.messages.restored);
    });
    document.getElementById("autosave-discard").addEventListener("click", function () {
      post(config.autosaveUrl, { discard: "1" });
      box.hidden = true;
    });
  }

  /* --- the same headline in this or the previous edition ----------------------------- */
  function checkTitle() {
    var title = fieldValue("title");
    var box = document.getElementById("title-duplicates");
    if (!box || title === null) return;
    var edition = form.elements.namedItem("edition");
    var params = new URLSearchParams({
      title: title,
      edition: edition ? edition.value : "",
      exclude: config.articleId ? String(config.articleId) : "",
    });
    fetch(config.titleCheckUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { matches: [] }; })
      .then(function (answer) {
        var list = box.querySelector("ul");
        list.textContent = "";
        answer.matches.forEach(function (match) {
          var item = document.createElement("li");
          var link = document.createElement(match.url ? "a" : "span");
          if (match.url) link.href = match.url;
          link.textContent = match.title;
          item.appendChild(link);
          item.appendChild(document.createTextNode(" (" + match.edition + ")"));
          list.appendChild(item);
        });
        box.hidden = answer.matches.length === 0;
      })
      .catch(function () {});
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, ms);
    };
  }

  function start() {
    var script = document.getElementById("newsroom-form");
    form = document.getElementById("article_form");
    if (!script || !form) return;
    config = JSON.parse(script.textContent);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !isDirty()) return;
      event.preventDefault();
      event.returnValue = "";
    });
    guardWorkflowButtons();
    offerAutosave();
    var title = form.elements.namedItem("title");
    if (title) {
      var check = debounce(checkTitle, 500);
      title.addEventListener("input", check);
      var edition = form.elements.namedItem("edition");
      if (edition) edition.addEventListener("change", check);
      if (title.value) checkTitle();
    }
    if (!form.elements.namedItem("body") || !window.CKEDITOR) { ready(); return; }
    if (editor() && editor().status === "ready") { ready(); return; }
    window.CKEDITOR.on("instanceReady", function (event) {
      if (event.editor.name === "id_body") ready();
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
