// Offer pages. A static page is only as fresh as its last build: once the
// visitor's clock passes the end of the deadline day (Paris), say the offer
// is closed and hide how to apply. Also: a "copy link" button.
(function () {
  "use strict";
  var deadline = document.querySelector("[data-closes-at]");
  if (deadline && Date.now() > Date.parse(deadline.getAttribute("data-closes-at"))) {
    document.documentElement.classList.add("offre-close");
    var banner = document.getElementById("bandeau-clos");
    if (banner) { banner.hidden = false; }
    deadline.hidden = true;
  }
  var copy = document.querySelector(".copy-link");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-url")).then(function () {
        copy.textContent = "Lien copié";
      });
    });
  }
})();
