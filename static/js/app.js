// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  function answered(question) {
    var inputs = question.querySelectorAll("input, select");
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function updateQuizProgress(form) {
    var questions = form.querySelectorAll("[data-question]");
    var done = 0;
    questions.forEach(function (q) { if (answered(q)) { done += 1; } });
    questions.forEach(function (q) {
      var slot = q.id.replace("slot-", "");
      var link = document.querySelector('[data-nav-slot="' + slot + '"]');
      if (!link) { return; }
      var done = answered(q);
      link.classList.toggle("is-answered", done);
      var note = link.querySelector(".visually-hidden");
      if (note && !link.classList.contains("is-invalid")) {
        note.textContent = done ? ", answered" : ", not answered";
      }
    });
    var box = document.querySelector("[data-quiz-progress]");
    if (!box) { return; }
    box.querySelector("[data-answered]").textContent = done;
    var bar = box.querySelector("[role=progressbar]");
    bar.setAttribute("aria-valuenow", done);
    bar.querySelector(".progress-bar").style.width = (questions.length ? 100 * done / questions.length : 0) + "%";
  }

  // The server enforces the time limit; this only counts down and tells screen readers at
  // 10, 5 and 1 minutes left. At zero, the page reloads and the server closes the attempt.
  function startTimer(box) {
    var left = parseInt(box.dataset.secondsLeft, 10);
    var text = box.querySelector("[data-timer-text]");
    var announce = box.querySelector("[data-timer-announce]");
    var deadline = Date.now() + left * 1000;
    var marks = [600, 300, 60];
    function tick() {
      var now = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var mins = Math.floor(now / 60), secs = now % 60;
      text.textContent = mins + " min " + (secs < 10 ? "0" : "") + secs + " s";
      text.classList.toggle("is-low", now <= 60);
      marks.forEach(function (mark) {
        if (now <= mark && left > mark) {
          announce.textContent = (mark / 60) + (mark === 60 ? " minute" : " minutes") + " left.";
        }
      });
      left = now;
      if (now === 0) { window.location.reload(); return; }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var timer = document.querySelector("[data-timer]");
    if (timer) { startTimer(timer); }
    var quiz = document.querySelector("[data-quiz]");
    if (quiz) {
      quiz.addEventListener("change", function () { updateQuizProgress(quiz); });
      quiz.addEventListener("input", function () { updateQuizProgress(quiz); });
      // A second click on "Submit" while the first is on its way does nothing.
      quiz.addEventListener("submit", function (event) {
        if (quiz.dataset.sending === "1") { event.preventDefault(); return; }
        quiz.dataset.sending = "1";
      });
    }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var target = document.querySelector(".passage-target");
    if (target) { target.setAttribute("tabindex", "-1"); target.focus({ preventScroll: false }); }
  });
})();
