// Starts Swagger UI on the server's own OpenAPI document. Kept in a file (not inline) because
// the Content-Security-Policy allows scripts from 'self' only; validatorUrl null keeps the page
// from calling validator.swagger.io.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
