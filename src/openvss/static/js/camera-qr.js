// Read one QR code from the back camera with jsQR; used by the registration form and the
// facility check-in page. Calls onText(text) once, or onError(message).
window.openvssCameraQr = async function (video, onText, onError, timeoutMs = 60000) {
  // Django's JavaScript catalogue (/jsi18n/) defines window.gettext; without it the
  // Vietnamese source text shows.
  const gettext = (text) => (window.gettext ? window.gettext(text) : text);
  if (!navigator.mediaDevices || !window.jsQR) {
    onError(gettext("Thiết bị không hỗ trợ camera."));
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
  } catch (err) {
    onError(gettext("Không mở được camera."));
    return;
  }
  const stop = () => {
    stream.getTracks().forEach((t) => t.stop());
    video.hidden = true;
  };
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  const started = Date.now();
  const tick = () => {
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(image.data, image.width, image.height);
      if (code && code.data) {
        stop();
        onText(code.data);
        return;
      }
    }
    if (Date.now() - started > timeoutMs) {
      stop();
      onError(gettext("Không tìm thấy mã QR."));
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
