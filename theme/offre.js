// Offer pages. A static page is only as fresh as its last build: once the
// visitor's clock passes the end of the deadline day (Paris), say the offer
// is closed and hide how to apply (theme/cartes.js, loaded before, corrects
// the days left). Also: a "copy link" button.
(function () {
  "use strict";
  var banner = document.getElementById("bandeau-clos");
  var closesAt = banner && banner.getAttribute("data-closes-at");
  if (closesAt && Date.now() > Date.parse(closesAt)) {
    document.documentElement.classList.add("offre-close");
    banner.hidden = false;
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
