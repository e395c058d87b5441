// Behaviour that templates used to inline (the CSP allows no inline script or event handler).
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (!target) return;
  const print = target.closest("[data-print]");
  if (print) {
    window.print();
    return;
  }
  const fill = target.closest("[data-fill]");
  if (fill) {
    const field = document.getElementById(fill.getAttribute("data-fill"));
    if (field) field.value = fill.getAttribute("data-value");
  }
});

// Unit pickers (#11.7): a filter box above each one; typing part of a unit's name (or of its
// group, e.g. a street for its communities) hides the others and picks the first match. A picker
// offering only a few units (the one 组织（人事）部门, say) is read at a glance and gets no box.
const FILTER_FROM = 6;
function unitFilters(root) {
  root.querySelectorAll("select[data-unit-filter]").forEach((select) => {
    if (select.dataset.filterReady) return;
    select.dataset.filterReady = "1";
    if (select.querySelectorAll("option:not([value=''])").length < FILTER_FROM) return;
    const box = document.createElement("input");
    box.type = "search";
    box.className = "unit-filter";
    box.placeholder = "输入单位名称筛选";
    box.setAttribute("aria-label", "筛选单位");
    select.before(box);
    box.addEventListener("input", () => {
      const term = box.value.trim();
      select.querySelectorAll("optgroup").forEach((group) => {
        let shown = 0;
        group.querySelectorAll("option").forEach((option) => {
          const match = !term || option.text.includes(term) || group.label.includes(term);
          option.hidden = !match;
          if (match) shown += 1;
        });
        group.hidden = shown === 0;
      });
      if (!select.multiple && term) {
        const current = select.selectedOptions[0];
        if (!current || current.hidden || !current.value) {
          const first = select.querySelector("optgroup:not([hidden]) option:not([hidden])");
          if (first) first.selected = true;
        }
      }
    });
  });
}
unitFilters(document);
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.target instanceof Element) unitFilters(event.target);
});
