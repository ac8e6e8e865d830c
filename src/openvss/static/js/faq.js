// Open the FAQ entry named in the address (#key), as the chatbot's sources link to it.
(function () {
  "use strict";
  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var item = id && document.getElementById(id);
    if (item && item.tagName === "DETAILS") { item.open = true; item.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
