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
// Search-as-you-type over a long pick-list (<select data-suggest="URL">, e.g. the owners of a
// patent among every enterprise of the district): a search box asks the server, which answers
// only with what this person may see, and a click on a result selects it in the select. The
// select itself stays and is what the form sends, so the page works without script too.
document.querySelectorAll("select[data-suggest]").forEach(function (select) {
  var box = document.createElement("span");
  box.className = "suggest";
  var input = document.createElement("input");
  input.type = "search";
  input.autocomplete = "off";
  input.className = "suggest-input";
  input.placeholder = select.getAttribute("data-suggest-label") || "";
  input.setAttribute("aria-label", input.placeholder);
  input.setAttribute("aria-controls", select.id + "_suggestions");
  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = select.id + "_suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.placeholder); // a listbox needs a name of its own
  box.appendChild(input);
  box.appendChild(list);
  select.parentNode.insertBefore(box, select);
  var timer = null;
  var asked = 0;
  function pick(result) {
    var value = String(result.id);
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    if (!option) {
      option = new Option(result.name, value);
      select.add(option);
    }
    if (!select.multiple) {
      select.value = value;
      input.value = result.name;
    } else {
      option.selected = true;
      input.value = "";
    }
    list.replaceChildren();
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var typed = input.value.trim();
    if (!typed) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(function () {
      var ticket = ++asked;
      var url = select.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (ticket !== asked) {
            return; // an older answer arriving after a newer question
          }
          list.replaceChildren();
          data.results.forEach(function (result) {
            var item = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "link";
            button.setAttribute("role", "option");
            // Beside the name, what tells two alike apart: a credit code, or a person's field.
            var detail = result.detail || result.uscc;
            button.textContent = detail ? result.name + " · " + detail : result.name;
            button.addEventListener("click", function () {
              pick(result);
            });
            item.appendChild(button);
            list.appendChild(item);
          });
        });
    }, 200);
  });
});
