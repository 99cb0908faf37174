// Province first, then regency or city. Without JavaScript the region select lists every regency
// and city under its province (one <optgroup> each); with it, a province select comes first and
// the region select then offers only that province's regencies and cities.
(function () {
  "use strict";

  function enhance(select) {
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup"));
    if (!groups.length) {
      return;
    }
    var empty = select.querySelector("option[value='']");
    // Each province's options, kept here: they move in and out of the region select.
    var lists = groups.map(function (group) { return Array.prototype.slice.call(group.children); });
    var chosen = select.value;
    var province = document.createElement("select");
    province.id = select.id + "-province";
    var label = document.createElement("label");
    label.htmlFor = province.id;
    label.textContent = select.getAttribute("data-province-label") || "Province";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = select.getAttribute("data-province-choose") || "…";
    province.appendChild(first);
    groups.forEach(function (group, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = group.label;
      if (chosen && group.querySelector("option[value='" + CSS.escape(chosen) + "']")) {
        option.selected = true;
      }
      province.appendChild(option);
      group.remove();
    });

    function show() {
      while (select.firstChild) {
        select.removeChild(select.firstChild);
      }
      if (empty) {
        select.appendChild(empty);
      }
      var list = lists[Number(province.value)];
      if (province.value !== "" && list) {
        list.forEach(function (option) {
          select.appendChild(option);
        });
      }
      select.disabled = province.value === "";
      if (!Array.prototype.some.call(select.options, function (o) { return o.selected && o.value; })) {
        select.value = "";
      }
    }

    var field = document.createElement("div");
    field.className = "field";
    field.appendChild(label);
    field.appendChild(province);
    var wrapper = select.closest(".field") || select;
    wrapper.parentNode.insertBefore(field, wrapper);
    province.addEventListener("change", show);
    show();
  }

  document.querySelectorAll("select[data-regions]").forEach(enhance);
})();
