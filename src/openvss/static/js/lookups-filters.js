// Choosing a province reloads the search, so that its communes can be chosen next.
(function () {
  "use strict";
  var province = document.getElementById("id_province");
  if (!province || !province.form) return;
  province.addEventListener("change", function () {
    var commune = document.getElementById("id_commune");
    if (commune) commune.value = "";
    province.form.submit();
  });
})();
