// Starts Swagger UI on the API's OpenAPI document; a file rather than an inline script so the
// page runs under a Content-Security-Policy that allows only this server's scripts.
"use strict";
window.addEventListener("load", () => {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: root.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
});
