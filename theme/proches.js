// On a closed offer's page: the open offers of its employers, then of its filière
// (RELATED of each, as the build lists them on an open offer's page), drawn with
// theme/cartes.js from the search's records, once the visitor comes near the section
// (templates/offer.html). The build writes no open offer into a closed offer's page:
// it would change, and be rendered again, every time an open offer closes.
(function () {
  "use strict";
  var RELATED = 4;
  var near = document.querySelector("[data-records]");
  if (near && window.Jours && window.fetch && window.IntersectionObserver) {
    // The records of every open offer weigh far more than the page: fetched only by
    // visitors who come near the section, with the script that draws cards.
    var watch = new IntersectionObserver(function (entries) {
      if (!entries.some(function (e) { return e.isIntersecting; })) { return; }
      watch.disconnect();
      var script = document.createElement("script");
      script.src = near.getAttribute("data-cards");
      script.onload = draw;
      document.head.appendChild(script);
    }, { rootMargin: "400px" });
    watch.observe(near);
  }
  function draw() {
    if (!window.Cartes) { return; }
    var employers = JSON.parse(near.getAttribute("data-employers") || "[]");
    var filiere = near.getAttribute("data-filiere");
    fetch(near.getAttribute("data-records")).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      var now = window.Jours.today();
      // Records come in the order of the home page (deadline first); one closed since
      // the build is left out.
      var open = ((data && data.offers) || []).filter(function (o) {
        return window.Jours.daysLeft(o.closes_at, now) >= 0;
      });
      var picked = [];
      function pick(matches) {
        var taken = 0;
        open.forEach(function (o) {
          if (taken < RELATED && picked.indexOf(o) < 0 && matches(o)) {
            picked.push(o); taken += 1;
          }
        });
      }
      pick(function (o) {
        return (o.f.employeur || []).some(function (e) { return employers.indexOf(e) >= 0; });
      });
      pick(function (o) { return (o.f.filiere || []).indexOf(filiere) >= 0; });
      if (!picked.length) { return; }
      var list = document.createElement("ul");
      list.className = "offer-list";
      picked.forEach(function (o) { list.appendChild(window.Cartes.card(o, 3, now)); });
      near.insertBefore(list, near.querySelector(".related-links"));
    }).catch(function () { /* the links stay */ });
  }
})();
