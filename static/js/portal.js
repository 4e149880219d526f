// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // A <select data-follows="id_region"> whose options carry data-region offers only the
  // options of the region chosen in the other <select> (the municipalities of a region).
  // Without JavaScript every option stays and the server simply applies both filters.
  document.querySelectorAll("select[data-follows]").forEach((select) => {
    const leader = document.getElementById(select.dataset.follows);
    if (!leader) return;
    const options = Array.from(select.options);
    // On page load an option chosen outside the region stays, so the form shows what the
    // list was filtered by; once the region changes, only that region's options are offered.
    const narrow = (keepChosen) => {
      const region = leader.value;
      const chosen = select.value;
      select.replaceChildren(
        ...options.filter(
          (option) =>
            !region || !option.dataset.region || option.dataset.region === region ||
            (keepChosen && option.value === chosen)
        )
      );
      select.value = Array.from(select.options).some((option) => option.value === chosen) ? chosen : "";
    };
    leader.addEventListener("change", () => narrow(false));
    narrow(true);
  });

  // A description required with a picture (data-required-with="<id of the file input>") is
  // required as soon as a file is chosen; the server checks it either way.
  document.querySelectorAll("[data-required-with]").forEach((input) => {
    const file = document.getElementById(input.dataset.requiredWith);
    if (!file) return;
    const kept = input.required;
    file.addEventListener("change", () => {
      input.required = kept || file.files.length > 0;
    });
  });
});
