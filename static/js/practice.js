// Practice and review, with the keyboard: 1-9 picks a choice, Enter checks, then Enter goes on.
// The page works without this file (one POST per check); it only adds shortcuts and focus.
(function () {
  "use strict";

  function isTyping(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "SELECT" ||
      (el.tagName === "INPUT" && el.type !== "radio" && el.type !== "checkbox"));
  }

  function pickChoice(form, digit) {
    var choices = form.querySelectorAll('fieldset:not([disabled]) input[type="radio"], fieldset:not([disabled]) input[type="checkbox"]');
    var target = choices[digit - 1];
    if (!target) { return false; }
    if (target.type === "radio") { target.checked = true; } else { target.checked = !target.checked; }
    target.focus();
    target.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function setUp(form) {
    var state = form.dataset.state;
    var result = document.getElementById("result");
    var next = form.querySelector("[data-next]");
    var checkButton = form.querySelector("[data-check]");
    // After a check, the result is announced (live region) and focus moves to it.
    if (state !== "new" && result && !result.hidden) {
      result.focus();
    } else {
      var first = form.querySelector("fieldset:not([disabled]) input, fieldset:not([disabled]) select");
      if (first && state === "new") { first.focus({ preventScroll: true }); }
    }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) { return; }
      var active = document.activeElement;
      if (/^[1-9]$/.test(event.key) && !isTyping(active) && state !== "finished") {
        if (pickChoice(form, parseInt(event.key, 10))) { event.preventDefault(); }
        return;
      }
      if (event.key !== "Enter" || (active && (active.tagName === "A" || active.tagName === "BUTTON"))) { return; }
      if (next) { event.preventDefault(); window.location.href = next.href; return; }
      if (checkButton && active && active.tagName !== "TEXTAREA") {
        event.preventDefault();
        checkButton.click();
      }
    });
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending === "1") { event.preventDefault(); return; }
      form.dataset.sending = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-practice]");
    if (form) { setUp(form); }
  });
})();
