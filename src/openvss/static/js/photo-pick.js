// Photo fields: a big "Chụp hoặc chọn ảnh" button instead of the browser's own file box, and
// a preview of the chosen photo right away (the server keeps it if the form comes back).
(function () {
  "use strict";
  document.querySelectorAll("input[type=file][data-preview]").forEach((input) => {
    const figure = document.getElementById(input.dataset.preview);
    if (!figure) return;
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      if (!file) return;
      const img = figure.querySelector("img") || figure.appendChild(document.createElement("img"));
      img.src = URL.createObjectURL(file);
      img.alt = input.dataset.label || "";
      img.width = 96;
      img.height = 96;
      figure.hidden = false;
      const caption = figure.querySelector("figcaption");
      if (caption) caption.textContent = file.name;
    });
  });
})();
