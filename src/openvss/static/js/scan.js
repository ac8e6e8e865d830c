// QR autofill for the registration form: scan the BHYT card or the chip-ID QR with the
// camera (decoded in the browser by jsQR), or upload a photo of it (decoded on the server).
// Either way the text goes to POST /api/v1/scan, which says what it is and its fields.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines window.gettext; without it (offline,
  // or a page that does not load it) the Vietnamese source text shows.
  function gettext(text) {
    return window.gettext ? window.gettext(text) : text;
  }
  const bar = document.querySelector("[data-scan]");
  if (!bar) return;
  const status = bar.querySelector("[data-scan-status]");
  const video = bar.querySelector("[data-scan-video]");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function setField(name, value) {
    const input = document.querySelector(`[name=${name}]`);
    if (input && value) input.value = value;
  }

  // Province, then the commune once htmx has loaded that province's communes.
  function choosePlace(province, commune) {
    const select = document.querySelector("[name=province]");
    if (!select || !province) return;
    select.value = province;
    const communeSelect = document.querySelector("[name=commune]");
    if (communeSelect && commune) {
      const pick = () => { communeSelect.value = commune; };
      communeSelect.addEventListener("htmx:afterSwap", pick, { once: true });
      document.body.addEventListener("htmx:afterSettle", pick, { once: true });
    }
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function vnDate(iso) {
    if (!iso) return "";
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  }

  function fill(result) {
    const f = result.fields;
    if (result.kind === "bhyt_card") {
      setField("bhxh_code", f.bhxh_code);
      setField("full_name", f.full_name);
      if (!f.birth_year_only) setField("birth_date", vnDate(f.birth_date));
      // The card's province (where it was issued), unless one is chosen already.
      const province = document.querySelector("[name=province]");
      if (province && !province.value) choosePlace(f.province_code, null);
    } else if (result.kind === "cccd") {
      setField("citizen_id", f.citizen_id);
      setField("full_name", f.full_name);
      setField("birth_date", vnDate(f.birth_date));
      setField("address_line", f.street || f.address);
      choosePlace(f.province_code, f.commune_code);
    }
    status.textContent = gettext("Đã điền thông tin từ mã QR.");
  }

  async function send(body, headers) {
    const response = await fetch("/api/v1/scan", { method: "POST", body, headers });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : gettext("Không đọc được mã QR."));
    return data;
  }

  async function scanText(text) {
    try {
      fill(await send(JSON.stringify({ text }), { "Content-Type": "application/json" }));
    } catch (err) {
      status.textContent = err.message;
    }
  }

  bar.querySelector("[data-scan-photo]").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("image", file);
    status.textContent = gettext("Đang đọc mã QR…");
    try {
      fill(await send(body, csrf ? { "X-CSRFToken": csrf.value } : {}));
    } catch (err) {
      status.textContent = err.message;
    }
  });

  bar.querySelectorAll("[data-scan-camera]").forEach((button) =>
    button.addEventListener("click", () => {
      status.textContent = gettext("Đưa mã QR vào khung hình…");
      window.openvssCameraQr(video, scanText, (message) => {
        status.textContent = `${message} ${gettext("Hãy tải ảnh mã QR lên.")}`;
      });
    })
  );
})();
