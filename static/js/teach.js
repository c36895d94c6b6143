// Teacher editor enhancements; the editor works without JavaScript (paste quotes instead).
(function () {
  "use strict";

  function passageOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("[data-passage]") : null;
  }

  // The words selected in one passage of the article panel, or "" (with a reason).
  function selectedQuote(panel) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return { text: "", reason: "Select some words in the article first." }; }
    var start = passageOf(sel.anchorNode), end = passageOf(sel.focusNode);
    if (!start || !panel.contains(start)) { return { text: "", reason: "Select words in the article panel." }; }
    if (start !== end) { return { text: "", reason: "Select words within one paragraph: a quote cannot span two." }; }
    return { text: sel.toString().replace(/\s+/g, " ").trim(), reason: "" };
  }

  function appendLine(textarea, line) {
    var lines = textarea.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (lines.indexOf(line) >= 0) { return false; }
    lines.push(line);
    textarea.value = lines.join("\n");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function setUpEvidence() {
    var panel = document.querySelector("[data-passages]");
    var tools = document.querySelector("[data-selection-tools]");
    var field = document.querySelector("[data-evidence-field] textarea");
    if (!panel || !tools || !field) { return; }
    var button = tools.querySelector("[data-use-selection]");
    var status = tools.querySelector("[data-selection-status]");
    var last = { text: "", reason: "Select some words in the article first." };
    // Remember the selection: on some devices pressing the button clears it.
    document.addEventListener("selectionchange", function () {
      var now = selectedQuote(panel);
      if (now.text || now.reason.indexOf("one paragraph") >= 0) { last = now; }
    });
    tools.hidden = false;
    button.addEventListener("click", function () {
      var pick = selectedQuote(panel);
      if (!pick.text && !pick.reason.match(/one paragraph/)) { pick = last; }
      if (!pick.text) { status.textContent = pick.reason; return; }
      status.textContent = appendLine(field, pick.text)
        ? "Added: “" + pick.text + "”"
        : "That quote is already in the evidence.";
      last = { text: "", reason: "Select some words in the article first." };
    });
  }

  // Scroll the article panel (only the panel) to the first passage holding current evidence.
  function showFirstMark() {
    var panel = document.querySelector("[data-passages]");
    var mark = panel && panel.querySelector("mark");
    if (mark && panel.scrollHeight > panel.clientHeight) {
      panel.scrollTop = mark.closest("[data-passage]").offsetTop - panel.offsetTop - 8;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpEvidence();
    showFirstMark();
    var preview = document.querySelector("[data-preview]");
    if (preview && !document.getElementById("error-summary")) { preview.focus(); }
  });
})();
