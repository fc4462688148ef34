// Reception log entry: digit shortcuts and the partner field shown when needed. The form works
// without this script (arrow keys within a group, Tab to the next one); it only saves keys.
(function () {
  const form = document.querySelector("[data-reception-form]");
  if (!form) return;
  const groups = Array.from(form.querySelectorAll("[data-shortcuts]"));
  const partner = form.querySelector("[data-partner]");
  const save = form.querySelector("[data-save]");
  const oriented = () => {
    const checked = form.querySelector('input[name="outcome"]:checked');
    return checked && checked.value === "oriente";
  };
  const showPartner = () => {
    if (partner && !partner.querySelector(".field__errors")) partner.hidden = !oriented();
  };
  const nextAfter = (group) => {
    const following = groups[groups.indexOf(group) + 1];
    if (following) return following.querySelector("input:checked") || following.querySelector("input");
    return oriented() && partner ? partner.querySelector("select") : save;
  };
  form.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.type === "radio") {
      const group = target.closest("[data-shortcuts]");
      const radio = group && group.querySelector('input[data-key="' + event.key + '"]');
      if (!radio) return;
      event.preventDefault();
      radio.checked = true;
      showPartner();
      nextAfter(group).focus();
    } else if (target.tagName === "SELECT" && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("change", showPartner);
  form.addEventListener("submit", () => { if (save) save.disabled = true; });
  showPartner();
})();
