"use strict";
// Starts ReDoc on /openapi.json; a file rather than an inline script, for the page's CSP.
Redoc.init("/openapi.json", { hideDownloadButton: false }, document.getElementById("redoc"));
