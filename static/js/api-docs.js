// Starts Swagger UI on /api/docs. A file of our own because the CSP forbids inline script.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    // The page is same-origin: "Try it out" works with the session (reads) or a bearer token.
    withCredentials: true,
    validatorUrl: null
  });
})();
