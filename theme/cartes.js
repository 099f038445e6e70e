// Offer cards. A static page is as fresh as its last build: the days left until a
// deadline, the "Nouveau" mark and the closed state are corrected here from the
// visitor's clock, in Paris days. `Cartes.card(record)` builds the card of
// templates/partials/offers.html from a record of /recherche/offres.json
// (textContent only, never innerHTML). Keep the two alike.
(function () {
  "use strict";
  var paris = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris",
    year: "numeric", month: "2-digit", day: "2-digit" });

  function today() { return paris.format(new Date()); }  // "2026-11-21", in Paris

  function utcDays(iso) {
    return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 864e5;
  }

  // Days from the visitor's day in Paris to a deadline ("2026-11-25T23:59:59+01:00").
  function daysLeft(closesAt, now) { return utcDays(closesAt) - utcDays(now || today()); }

  function daysLeftText(days) {
    return days < 0 ? "candidatures closes" : days === 0 ? "clôture aujourd'hui"
      : days === 1 ? "clôture demain" : "clôture dans " + days + " jours";
  }

  function refresh(root) {
    var now = today();
    (root || document).querySelectorAll("[data-deadline-end]").forEach(function (node) {
      var days = daysLeft(node.getAttribute("data-deadline-end"), now);
      node.textContent = daysLeftText(days);
      var card = node.closest(".offer-card");
      if (card && days < 0) { card.classList.add("is-closed"); }
    });
    (root || document).querySelectorAll("[data-new-until]").forEach(function (node) {
      if (now > node.getAttribute("data-new-until")) { node.hidden = true; }
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function card(o, level, now) {
    now = now || today();
    var days = daysLeft(o.closes_at, now);
    var item = el("li", "offer-card" + (o.closed_text || days < 0 ? " is-closed" : ""));
    var head = el("div", "card-head");
    if (o.logo) {
      var img = el("img", "emp-logo");
      img.src = o.logo; img.alt = ""; img.width = 44; img.height = 44;
      head.appendChild(img);
    } else {
      var mono = el("span", "monogram " + o.mono, o.monogram);
      mono.setAttribute("aria-hidden", "true");
      head.appendChild(mono);
    }
    var names = el("div");
    var title = el("h" + (level || 2), "offer-title");
    var link = el("a", "", o.title);
    link.href = o.url;
    title.appendChild(link);
    names.appendChild(title);
    names.appendChild(el("p", "offer-employer", o.employers));
    head.appendChild(names);
    item.appendChild(head);
    var fresh = !o.closed_text && now <= o.new_until;
    var soon = !o.closed_text && days >= 0 && days <= 7;
    if (fresh || soon) {
      var badges = el("p", "badges");
      if (fresh) { badges.appendChild(el("span", "badge badge-new", "Nouveau")); }
      if (soon) { badges.appendChild(el("strong", "badge badge-soon", "Clôture proche")); }
      item.appendChild(badges);
    }
    var meta = el("ul", "offer-meta");
    [o.city, o.category_text, o.contract, o.time, o.pay].forEach(function (t) {
      if (t) { meta.appendChild(el("li", "", t)); }
    });
    item.appendChild(meta);
    var deadline = el("p", "offer-deadline");
    if (o.closed_text) {
      deadline.textContent = o.closed_text;
    } else {
      var time = el("time", "", o.deadline_text);
      time.dateTime = o.deadline;
      deadline.appendChild(document.createTextNode("Candidatures jusqu'au "));
      deadline.appendChild(time);
      deadline.appendChild(document.createTextNode(" (" + daysLeftText(days) + ")"));
    }
    item.appendChild(deadline);
    return item;
  }

  window.Cartes = { card: card, refresh: refresh, today: today, daysLeft: daysLeft };
  refresh(document);
})();
