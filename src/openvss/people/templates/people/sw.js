// openvss: keep the BHYT card page for when a clinic has no signal. Network first, the
// last copy when offline. Only the card page and the files it needs are kept.
const CACHE = "openvss-card-v2";
const KEEP = ["/tai-khoan/the-bhyt/"];

self.addEventListener("install", (event) => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  // The signed QR expires in minutes: never kept, so an old one is never shown as valid.
  const signed = url.pathname.endsWith("/ma-qr-ky-so.svg");
  const wanted = event.request.method === "GET" && url.origin === self.location.origin && !signed &&
    (KEEP.some((p) => url.pathname.startsWith(p)) || url.pathname.startsWith("/static/") ||
     url.pathname === "/jsi18n/");
  if (!wanted) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request))
  );
});
