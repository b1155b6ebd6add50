// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can
// forbid inline script: a <select data-autosubmit> sends its form when changed (the language
// switch), a <button data-print> prints the page (the public notice).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    event.preventDefault();
    window.print();
  }
});
// The menu's drop-downs are <details> and work without script; with it, only one is open at a
// time, and a click elsewhere or Escape closes it (so an open group never covers the page).
document.addEventListener("click", function (event) {
  var inside = event.target.closest ? event.target.closest("details.nav-group") : null;
  document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
    if (group !== inside) {
      group.removeAttribute("open");
    }
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      group.removeAttribute("open");
      group.querySelector("summary").focus();
    });
  }
});
// Every form is checked by the server, whose message says what is wrong with the value typed
// ("the amount must be above zero", "this product lends for up to 36 months") and keeps
// everything else typed. The browser's own check of required/min/max would stop the form first
// with a generic bubble and hide that message, so with script on it is switched off here, in
// one place; without script the browser's check still stands in front of the same server check.
document.querySelectorAll("form").forEach(function (form) {
  form.noValidate = true;
});
