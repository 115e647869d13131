/* 字数 beside the body: counts the text's characters, white space not counted, as the
   editor types. The saved figure (Article.word_count) is computed the same way on the server. */
(function () {
  "use strict";
  function count(html) {
    var box = document.createElement("div");
    box.innerHTML = html;
    return (box.textContent || "").replace(/\s+/g, "").length;
  }
  function attach(editor) {
    var field = document.querySelector(".field-word_count .readonly");
    if (!field) return;
    var update = function () { field.textContent = String(count(editor.getData())); };
    var later = function () { window.setTimeout(update, 0); };
    editor.on("change", update);
    editor.on("key", later);
    // Pasted and inserted text counts at once, not at the next key press.
    ["paste", "afterPaste", "insertHtml", "insertText", "insertElement", "afterCommandExec",
     "afterUndo", "afterRedo", "dataReady", "setData"].forEach(function (name) {
      editor.on(name, later);
    });
    editor.on("contentDom", function () {
      editor.editable().attachListener(editor.editable(), "input", later);
    });
    update();
  }
  function wait() {
    if (window.CKEDITOR && window.CKEDITOR.instances.id_body) {
      attach(window.CKEDITOR.instances.id_body);
    } else if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        if (event.editor.name === "id_body") attach(event.editor);
      });
    } else {
      window.setTimeout(wait, 200);
    }
  }
  document.addEventListener("DOMContentLoaded", wait);
})();
