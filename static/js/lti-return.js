// The deep-linking answer goes back to the LMS on its own (CSP forbids inline scripts).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
});
