// Cards built from a record of /recherche/offres.json or /archives/offres.json, as
// templates/partials/offers.html writes them (keep the two alike); textContent only.
(function () {
  "use strict";
  var J = window.Jours;
  if (!J) { return; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  function card(o, level, now) {
    var days = J.daysLeft(o.closes_at, now);
    var closed = o.closed_text || days < 0;
    var item = el("li", "offer-card" + (closed ? " is-closed" : ""));
    var head = item.appendChild(el("div", "card-head"));
    if (o.logo) {
      var img = head.appendChild(el("img", "emp-logo"));
      img.src = o.logo; img.alt = ""; img.width = 44; img.height = 44;
    } else {
      head.appendChild(el("span", "monogram " + o.mono, o.monogram)).setAttribute("aria-hidden", "true");
    }
    var names = head.appendChild(el("div"));
    var link = names.appendChild(el("h" + level, "offer-title")).appendChild(el("a", "", o.title));
    link.href = o.url;
    names.appendChild(el("p", "offer-employer", o.employers));
    var fresh = !closed && now <= o.new_until, soon = !closed && days <= 7;
    if (fresh || soon) {
      var badges = item.appendChild(el("p", "badges"));
      if (fresh) { badges.appendChild(el("span", "badge badge-new", "Nouveau")); }
      if (soon) { badges.appendChild(el("strong", "badge badge-soon", "Clôture proche")); }
    }
    var meta = item.appendChild(el("ul", "offer-meta"));
    [o.city, o.category_text, o.contract, o.time, o.pay].forEach(function (t) {
      if (t) { meta.appendChild(el("li", "", t)); }
    });
    var deadline = item.appendChild(el("p", "offer-deadline"));
    if (o.closed_text) {
      deadline.textContent = o.closed_text;
    } else {
      deadline.appendChild(document.createTextNode("Candidatures jusqu'au "));
      deadline.appendChild(el("time", "", o.deadline_text)).dateTime = o.deadline;
      deadline.appendChild(document.createTextNode(" "));
      deadline.appendChild(el("span", "days-left", J.text(days)));
    }
    return item;
  }
  window.Cartes = { card: card };
})();
