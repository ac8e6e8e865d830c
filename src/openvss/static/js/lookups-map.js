// The agencies' map (Leaflet, vendored) and "Gần tôi". The list works without it: markers come
// from the page (a JSON script element), the tiles from the configured server; when the tiles
// cannot be reached the markers still show and link to their row.
(function () {
  "use strict";
  var el = document.querySelector("[data-map]");
  var data = document.getElementById("agency-markers");
  var nearButton = document.querySelector("[data-near-me]");
  var status = document.querySelector("[data-near-status]");

  if (nearButton && "geolocation" in navigator) {
    nearButton.hidden = false;
    nearButton.addEventListener("click", function () {
      if (status) status.textContent = nearButton.getAttribute("data-wait") || "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var params = new URLSearchParams(window.location.search);
        params.set("lat", pos.coords.latitude.toFixed(5));
        params.set("lon", pos.coords.longitude.toFixed(5));
        params.delete("page");
        window.location.search = params.toString();
      }, function () {
        if (status) status.textContent = nearButton.getAttribute("data-denied") || "";
      }, { timeout: 10000, maximumAge: 300000 });
    });
  }

  if (!el || !data || typeof L === "undefined") return;
  var markers = JSON.parse(data.textContent || "[]");
  var map = L.map(el, { scrollWheelZoom: false });
  window.openvssMap = map;
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
  }
  var bounds = [];
  markers.forEach(function (m) {
    var popup = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = m.name;
    popup.appendChild(title);
    var address = document.createElement("div");
    address.textContent = m.address;
    popup.appendChild(address);
    if (m.phone) {
      var phone = document.createElement("a");
      phone.href = "tel:" + m.phone.replace(/[^0-9+]/g, "");
      phone.textContent = m.phone;
      popup.appendChild(phone);
    }
    var marker = L.marker([m.lat, m.lon], { title: m.name, alt: m.name }).addTo(map).bindPopup(popup);
    marker.on("click", function () {
      document.querySelectorAll(".row.selected").forEach(function (r) { r.classList.remove("selected"); });
      var row = document.querySelector('[data-agency="' + m.code + '"]');
      if (row) row.classList.add("selected");
    });
    bounds.push([m.lat, m.lon]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
  } else {
    map.setView([16.0, 106.0], 5);  // Việt Nam
  }
})();
