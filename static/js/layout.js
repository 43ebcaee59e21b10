// The header's "Menu" button: on narrow screens it collapses the navigation and tools
// (#site-menu) behind a disclosure. Without this script the button stays hidden and the
// menu shows in full, so nothing depends on it.
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 48rem)");

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.hidden = !open;
  }

  function fit() {
    button.hidden = !narrow.matches;
    if (narrow.matches) {
      setOpen(false);
    } else {
      button.setAttribute("aria-expanded", "false");
      menu.hidden = false;
    }
  }

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    var inside = menu.contains(document.activeElement) || document.activeElement === button;
    if (event.key === "Escape" && narrow.matches && !menu.hidden && inside) {
      setOpen(false);
      button.focus();
    }
  });
  narrow.addEventListener("change", fit);
  fit();
})();

// Tables in {% tablescroll %}: show the "swipe sideways" hint only when the table is wider
// than its frame. Without this script CSS shows the hint on every narrow screen.
(function () {
  "use strict";
  document.documentElement.classList.add("js-tables");
  function measure() {
    document.querySelectorAll(".table-scroll").forEach(function (wrapper) {
      var frame = wrapper.querySelector(".table-scroll__frame");
      wrapper.classList.toggle("table-scroll--overflows", frame.scrollWidth > frame.clientWidth + 1);
    });
  }
  window.addEventListener("resize", measure);
  document.addEventListener("htmx:afterSettle", measure);
  measure();
})();
