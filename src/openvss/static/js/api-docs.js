// The API docs (/api/docs): Swagger UI from static/vendor, started here rather than in an
// inline script, so that the page runs under the site's Content-Security-Policy.
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
  });
})();
