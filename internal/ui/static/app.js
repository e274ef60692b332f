// gongai: small enhancements only; every page works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (e.g. revoke, unlock).
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var s = document.querySelector(".error-summary");
    if (s) { s.focus(); }
  });
  // Live filter for tables marked data-filter="<input id>".
  document.addEventListener("input", function (e) {
    var id = e.target.id;
    if (!id) { return; }
    document.querySelectorAll('table[data-filter="' + id + '"] tbody tr').forEach(function (tr) {
      tr.hidden = tr.textContent.indexOf(e.target.value) < 0;
    });
  });
})();
