/* Forms: after a failed submit the error summary takes focus and its links move focus to
   the field in error; person pickers become Tom Select comboboxes that search
   /people/search/ as one types (the <select> works without JavaScript). */
(function () {
  "use strict";

  function focusField(id) {
    var element = document.getElementById(id);
    if (!element) return false;
    var target = element.tomselect ? element.tomselect.control_input : element;
    var holder = element.closest(".field, fieldset") || element;
    holder.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    return true;
  }

  function initSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (link && focusField(decodeURIComponent(link.hash.slice(1)))) {
        event.preventDefault();
      }
    });
  }

  function fetchPeople(url, params) {
    return fetch(url + "?" + new URLSearchParams(params), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    });
  }

  function initPerson(select) {
    if (select.tomselect || typeof window.TomSelect === "undefined") return;
    var url = select.dataset.peopleSearch;
    var departmentInput = select.dataset.departmentInput
      ? document.getElementById(select.dataset.departmentInput)
      : null;
    var texts = select.dataset;
    var picker = new window.TomSelect(select, {
      valueField: "id",
      labelField: "name",
      searchField: [],
      maxOptions: 20,
      loadThrottle: 250,
      allowEmptyOption: !select.required,
      plugins: select.required ? [] : ["clear_button"],
      placeholder: texts.placeholder,
      // The server matches (name, username, department in either language): keep its order.
      score: function () {
        return function () { return 1; };
      },
      shouldLoad: function () { return true; },
      load: function (query, callback) {
        var params = { q: query };
        if (departmentInput && departmentInput.value) params.department = departmentInput.value;
        var self = this;
        fetchPeople(url, params)
          .then(function (data) {
            self.clearOptions();
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (person, escape) {
          var department = person.department
            ? ' <span class="person-option__department">' + escape(person.department) + "</span>"
            : "";
          return '<div class="person-option">' + escape(person.name) + department + "</div>";
        },
        item: function (person, escape) {
          return "<div>" + escape(person.name) + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + texts.noResults + "</div>";
        },
        loading: function () {
          return '<div class="loading">' + texts.loading + "</div>";
        },
      },
    });
    // Tom Select points the label at its own input; the hidden <select> keeps its name.
    var label = document.querySelector('label[for="' + picker.control_input.id + '"]');
    if (label && label.id) select.setAttribute("aria-labelledby", label.id);
    if (departmentInput) {
      // A department chosen on a card's row proposes its contact.
      var proposeContact = function () {
        picker.clear();
        picker.clearOptions();
        if (!departmentInput.value) return;
        fetchPeople(url, { department: departmentInput.value, "default": "1" }).then(
          function (data) {
            if (!data.results.length) return;
            picker.addOption(data.results[0]);
            picker.setValue(String(data.results[0].id));
          }
        );
      };
      departmentInput.addEventListener("change", proposeContact);
      // A department chosen in a row just added, before its picker was ready, counts too.
      if (departmentInput.value && !select.value) proposeContact();
    }
  }

  function initPeople(root) {
    root.querySelectorAll("select[data-people-search]").forEach(initPerson);
  }

  document.addEventListener("DOMContentLoaded", function () {
    initPeople(document);
    initSummary();
  });
  // Rows added by htmx (a card's departments) get their pickers too.
  document.addEventListener("htmx:load", function (event) {
    initPeople(event.target);
  });
})();
