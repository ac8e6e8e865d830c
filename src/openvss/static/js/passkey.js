// Passkeys ("đăng nhập bằng vân tay"): register from the account page, sign in from the
// login page. The server's WebAuthn options are JSON; the browser parses them natively.
(function () {
  "use strict";
  // Django's JavaScript catalogue (/jsi18n/) defines window.gettext; without it (offline,
  // or a page that does not load it) the Vietnamese source text shows.
  function gettext(text) {
    return window.gettext ? window.gettext(text) : text;
  }
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  const status = document.querySelector("[data-passkey-status]");

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.value : "" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error ? data.error.message : gettext("Có lỗi xảy ra."));
    return data;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  const register = document.querySelector("[data-passkey-register]");
  if (register) {
    register.addEventListener("click", async () => {
      try {
        const options = await postJSON("/tai-khoan/passkey/tuy-chon/", {});
        const credential = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options),
        });
        const result = await postJSON("/tai-khoan/passkey/", { credential: credential.toJSON() });
        say(result.message);
      } catch (err) {
        say(err.message || gettext("Không đăng ký được vân tay."));
      }
    });
  }

  const login = document.querySelector("[data-passkey-login]");
  if (login) {
    login.addEventListener("click", async () => {
      try {
        const username = document.querySelector("#id_username").value;
        const { ticket, options } = await postJSON("/dang-nhap/passkey/tuy-chon/", { username });
        const credential = await navigator.credentials.get({
          publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options),
        });
        const result = await postJSON("/dang-nhap/passkey/", { ticket, credential: credential.toJSON() });
        window.location.assign(result.redirect);
      } catch (err) {
        say(err.message || gettext("Không đăng nhập được bằng vân tay."));
      }
    });
  }
})();
