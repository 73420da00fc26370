// Served as a file (the CSP allows no inline script). Enhancements only: every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const only = document.getElementById("only-conflicts");
  if (only) {
    only.addEventListener("change", () => {
      document.querySelectorAll("tr.claim").forEach((row) => {
        row.hidden = only.checked && !row.classList.contains("conflict");
      });
    });
  }
  // Selecting a date on the axis marks its entries and the dot until another is chosen.
  document.querySelectorAll("svg.axis a.dot").forEach((dot) => {
    dot.addEventListener("click", () => {
      document.querySelectorAll(".tl-group.active, svg.axis a.dot.active").forEach((el) => el.classList.remove("active"));
      dot.classList.add("active");
      const entry = document.getElementById(dot.dataset.target);
      if (entry) entry.classList.add("active");
    });
  });
});
