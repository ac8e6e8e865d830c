// Offline verification of the signed card QR (clinics/signing.py, domain/signed_qr.py):
// VSS1.<key id>.<base64url body>.<base64url Ed25519 signature over "VSS1.<key id>.<body>">.
// The public keys are embedded in the page; nothing here calls the server.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines window.gettext; without it (offline,
  // or a page that does not load it) the Vietnamese source text shows.
  function gettext(text) {
    return window.gettext ? window.gettext(text) : text;
  }
  const root = document.getElementById("checkin");
  if (!root) return;
  const keys = JSON.parse(root.dataset.keys);
  const result = root.querySelector("[data-result]");
  const SKEW = 60;

  function unb64(text) {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  }

  function show(ok, title, rows) {
    result.className = ok ? "success" : "notice";
    result.innerHTML = "";
    const head = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = `${ok ? "✔" : "✘"} ${title}`;
    head.appendChild(strong);
    head.dataset.verdict = ok ? "valid" : "invalid";
    result.appendChild(head);
    if (rows) {
      const dl = document.createElement("dl");
      dl.className = "facts";
      for (const [label, value] of rows) {
        const dt = document.createElement("dt");
        dt.textContent = label;
        const dd = document.createElement("dd");
        dd.textContent = value;
        dl.append(dt, dd);
      }
      result.appendChild(dl);
    }
  }

  async function verify(text) {
    const parts = text.trim().split(".");
    if (parts.length !== 4 || parts[0] !== "VSS1") {
      return show(false, gettext("Không phải mã QR thẻ BHYT có chữ ký số."));
    }
    const [prefix, keyId, body, signature] = parts;
    const entry = keys.find((k) => k.key_id === keyId);
    if (!entry) {
      return show(false, gettext("Mã QR được ký bằng khóa không có trong danh sách khóa công khai."));
    }
    let valid = false;
    try {
      const key = await crypto.subtle.importKey("raw", unb64(entry.public_key), { name: "Ed25519" }, false, ["verify"]);
      valid = await crypto.subtle.verify({ name: "Ed25519" }, key, unb64(signature),
        new TextEncoder().encode(`${prefix}.${keyId}.${body}`));
    } catch (err) {
      if (err && err.name === "NotSupportedError") {
        return show(false, gettext("Trình duyệt này chưa hỗ trợ chữ ký Ed25519. Hãy dùng trình duyệt mới hơn."));
      }
      valid = false;
    }
    if (!valid) {
      return show(false, gettext("Chữ ký số không hợp lệ: mã QR đã bị sửa hoặc không do cơ quan BHXH cấp."));
    }
    const fields = Object.fromEntries(
      new TextDecoder().decode(unb64(body)).split("|").map((pair) => {
        const at = pair.indexOf("=");
        return [pair.slice(0, at), pair.slice(at + 1)];
      })
    );
    const now = Date.now() / 1000;
    if (now - Number(fields.e) > SKEW) {
      return show(false, gettext("Mã QR đã hết hạn. Đề nghị người bệnh mở lại thẻ trên ứng dụng để lấy mã mới."));
    }
    if (Number(fields.i) - now > SKEW) {
      return show(false, gettext("Mã QR có thời điểm cấp trong tương lai: kiểm tra đồng hồ của thiết bị."));
    }
    const validTo = fields.v === "-" ? "—" : `${fields.v.slice(6, 8)}/${fields.v.slice(4, 6)}/${fields.v.slice(0, 4)}`;
    show(true, gettext("Hợp lệ: chữ ký số của cơ quan BHXH, còn thời hạn."), [
      [gettext("Họ và tên"), fields.h],
      [gettext("Ngày sinh"), fields.b],
      [gettext("Giới tính"), fields.s === "1" ? gettext("Nam") : gettext("Nữ")],
      [gettext("Mã số"), fields.n],
      [gettext("Mã thẻ"), fields.c],
      [gettext("Mức hưởng"), fields.l],
      [gettext("Nơi ĐKKCB ban đầu"), fields.f],
      [gettext("Giá trị sử dụng đến"), validTo],
    ]);
  }

  root.querySelector("[data-verify]").addEventListener("click", () => verify(root.querySelector("#payload").value));

  root.querySelector("[data-camera]").addEventListener("click", () => {
    window.openvssCameraQr(
      root.querySelector("[data-video]"),
      (text) => {
        root.querySelector("#payload").value = text;
        verify(text);
      },
      (message) => show(false, `${message} ${gettext("Hãy dán nội dung mã QR.")}`)
    );
  });
})();
