// The message editor: the variable picker inserts at the cursor, an error's place takes the
// cursor there, and the live check's refusals (too many checks, a bad request) are shown like
// any answer. No framework; htmx (loaded by base.html) sends the checks.
(function () {
  "use strict";

  function field() {
    return document.getElementById("body");
  }

  function insertAtCursor(textarea, text) {
    textarea.focus();
    // insertText keeps the browser's undo history and fires "input", which runs the check.
    var inserted = false;
    try {
      inserted = document.execCommand("insertText", false, text);
    } catch (error) {
      inserted = false;
    }
    if (!inserted) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function goTo(textarea, line, column) {
    var lines = textarea.value.split("\n");
    var position = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i += 1) {
      position += lines[i].length + 1;
    }
    position = Math.min(textarea.value.length, position + Math.max(0, column - 1));
    textarea.focus();
    textarea.setSelectionRange(position, position);
    var lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  document.addEventListener("click", function (event) {
    var textarea = field();
    if (!textarea || textarea.readOnly) {
      return;
    }
    var button = event.target.closest("[data-insert]");
    if (button) {
      event.preventDefault();
      insertAtCursor(textarea, button.getAttribute("data-insert"));
      return;
    }
    var place = event.target.closest("[data-line]");
    if (place) {
      goTo(textarea, Number(place.getAttribute("data-line")), Number(place.getAttribute("data-column")) || 1);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 429 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
