// The card page: rotate the card to landscape for the clinic; keep the signed QR fresh
// (renewed before it expires, with the time it has left); register the service worker that
// keeps this page for offline use. Offline, an expired signed QR is hidden, never shown as
// valid: the BHYT-format card above it still works without a connection.
(function () {
  "use strict";
  const t = window.gettext || ((s) => s);
  const interpolate = window.interpolate || ((fmt, args) => fmt.replace("%s", args[0]));
  const button = document.querySelector("[data-rotate]");
  const frame = document.querySelector("[data-card]");
  if (button && frame) {
    button.addEventListener("click", () => {
      const on = frame.classList.toggle("landscape");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  const box = document.querySelector("[data-signed-qr]");
  if (box) {
    const img = box.querySelector("img");
    const left = box.querySelector("[data-qr-left]");
    const offline = box.querySelector("[data-qr-offline]");
    const src = box.dataset.src;
    let expiresAt = 0;
    let renewTimer = 0;
    let objectUrl = "";

    const show = (valid) => {
      img.hidden = !valid;
      offline.hidden = valid;
      box.classList.toggle("expired", !valid);
    };

    const tick = () => {
      const seconds = Math.round(expiresAt - Date.now() / 1000);
      if (seconds <= 0) {
        show(false);
        left.textContent = "";
        return;
      }
      const m = Math.floor(seconds / 60);
      const s = String(seconds % 60).padStart(2, "0");
      left.textContent = interpolate(t("Mã còn hiệu lực %s"), [`${m}:${s}`]);
    };

    const renew = async () => {
      clearTimeout(renewTimer);
      try {
        const response = await fetch(src, { cache: "no-store", credentials: "same-origin" });
        if (!response.ok) throw new Error(String(response.status));
        expiresAt = Number(response.headers.get("X-QR-Expires-At")) || 0;
        const lifetime = Number(response.headers.get("X-QR-Lifetime")) || 300;
        const blob = await response.blob();
        if (objectUrl) URL.revokeObjectURL(objectUrl);
        objectUrl = URL.createObjectURL(blob);
        img.src = objectUrl;
        if (img.dataset.expiresAt) {
          // Kept for the record: when the QR was replaced, and when the old one would have run out.
          img.dataset.previousExpiresAt = img.dataset.expiresAt;
          img.dataset.renewedAt = String(Date.now() / 1000);
        }
        img.dataset.expiresAt = String(expiresAt);
        show(true);
        tick();
        // Renew when a fifth of the lifetime is left (at least 2 s before it runs out).
        const margin = Math.max(2, Math.min(60, lifetime / 5));
        const wait = Math.max(1, expiresAt - Date.now() / 1000 - margin);
        renewTimer = setTimeout(renew, wait * 1000);
      } catch (err) {
        tick();  // hides the QR once it has run out
        renewTimer = setTimeout(renew, 15000);
      }
    };
    setInterval(tick, 1000);
    window.addEventListener("online", renew);
    renew();
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/tai-khoan/sw.js", { scope: "/tai-khoan/" }).catch(() => {});
  }
})();
