// The orders list: filters folded on a phone, the "Select all on this page" box and the count on
// the bulk button. Without JavaScript the filters stay open and the boxes work one by one; the
// select-all box stays hidden.
document.addEventListener("DOMContentLoaded", function () {
  // On a phone the filters fold away until asked for, unless some are on (or wrong).
  var filters = document.querySelector("[data-filter-box]");
  if (filters && !filters.hasAttribute("data-keep-open") && window.matchMedia("(max-width: 640px)").matches) {
    filters.open = false;
  }
  var form = document.getElementById("bulk-review");
  if (!form) return;
  var all = form.querySelector("[data-select-all]");
  var button = form.querySelector("[data-testid=bulk-request-review]");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=order][form=bulk-review]"));
  var label = button.textContent;
  function update() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    button.textContent = ticked ? label.replace("the selected orders", ticked + " selected order" + (ticked === 1 ? "" : "s")) : label;
    all.checked = ticked > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
  all.closest("label").hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    update();
  });
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
});
