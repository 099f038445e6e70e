// The days left until a deadline are written here, from the visitor's clock, in Paris
// days: the build writes only the date and an empty [data-deadline-end] element, so
// that a page does not change from one day to the next (and is never stale when a
// build is late). The "Nouveau" mark and the closed state of cards, which the build
// wrote for its own day, are corrected the same way. Plain text, no live region: it is
// written once, as the page loads.
(function () {
  "use strict";
  var paris = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris",
    year: "numeric", month: "2-digit", day: "2-digit" });
  function today() { return paris.format(new Date()); }  // "2026-11-21"
  function day(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5; }
  // Days from the visitor's day to a deadline ("2026-11-25T23:59:59+01:00").
  function daysLeft(end, now) { return day(end) - day(now || today()); }
  function text(days) {
    return days < 0 ? "candidatures closes" : days === 0 ? "clôture aujourd'hui"
      : days === 1 ? "clôture demain" : "clôture dans " + days + " jours";
  }
  var now = today();
  document.querySelectorAll("[data-deadline-end]").forEach(function (node) {
    var days = daysLeft(node.getAttribute("data-deadline-end"), now);
    node.textContent = text(days);
    var card = node.closest(".offer-card");
    if (card && days < 0) { card.classList.add("is-closed"); }
  });
  document.querySelectorAll("[data-new-until]").forEach(function (node) {
    if (now > node.getAttribute("data-new-until")) { node.hidden = true; }
  });
  window.Jours = { today: today, daysLeft: daysLeft, text: text };
})();
