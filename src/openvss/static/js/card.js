// The card page: rotate the card to landscape; register the service worker that keeps
// this page for offline use.
(function () {
  "use strict";
  const button = document.querySelector("[data-rotate]");
  const frame = document.querySelector("[data-card]");
  if (button && frame) button.addEventListener("click", () => frame.classList.toggle("landscape"));
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/tai-khoan/sw.js", { scope: "/tai-khoan/" }).catch(() => {});
  }
})();
