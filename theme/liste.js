// Listing pages (home, employer, taxonomy terms, archives): the filter panel.
// Without this script each option is a link to its term's page. With it, each option
// is a toggle that filters the whole list in place (every page of it, from the list's
// records: /recherche/offres.json or /archives/offres.json, fetched once, on first use),
// recounts the options, and keeps the choice in the URL (?filiere=Technique&tri=recent).
// Only the first PAGE matches are drawn, then "Afficher plus": drawing 2,000 cards, not
// filtering them, is what would be slow on a phone.
(function () {
  "use strict";
  var form = document.getElementById("filtres");
  var list = document.getElementById("offres");
  if (!form || !list || !window.fetch || !window.URLSearchParams || !window.Cartes) { return; }
  var PAGE = 20;
  var status = document.getElementById("liste-statut");
  var level = +(list.getAttribute("data-level") || 2);
  var scopeKey = form.getAttribute("data-scope-key");
  var scopeValue = form.getAttribute("data-scope-value");
  var defaultSort = form.getAttribute("data-sort");
  var pager = document.querySelector(".pagination");
  var sort = form.querySelector("select[name=tri]");
  var original = { items: Array.prototype.slice.call(list.children), status: status.textContent };
  var offers = null, loading = null, shown = PAGE;

  // Each option becomes a toggle button, its label and count kept.
  var toggles = [];
  form.querySelectorAll("[data-v]").forEach(function (opt) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "facet-toggle";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("data-f", opt.closest("[data-f]").getAttribute("data-f"));
    button.setAttribute("data-v", opt.getAttribute("data-v"));
    while (opt.firstChild) { button.appendChild(opt.firstChild); }
    opt.parentNode.replaceChild(button, opt);
    button.facetKey = button.getAttribute("data-f");
    button.facetValue = button.getAttribute("data-v");
    button.countNode = button.querySelector(".count");
    toggles.push(button);
  });
  // The filters shown, the only ones counted.
  var facetKeys = toggles.map(function (t) { return t.facetKey; })
    .filter(function (key, i, all) { return all.indexOf(key) === i; });
  form.querySelector(".sort").hidden = false;
  form.querySelector(".filters-reset").hidden = false;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "button-secondary more";
  more.textContent = "Afficher plus d'offres";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-url")).then(function (r) { return r.json(); })
        .then(function (json) {
          offers = json.offers.filter(function (o, i) {
            o.rank = i;  // the list's own order: deadline, as the pages
            return !scopeKey || o.f[scopeKey].indexOf(scopeValue) !== -1;
          });
        });
    }
    return loading;
  }

  function chosen() {
    var filters = {}, keys = [];
    toggles.forEach(function (t) {
      if (t.getAttribute("aria-pressed") === "true") {
        var key = t.getAttribute("data-f");
        if (!filters[key]) { filters[key] = []; keys.push(key); }
        filters[key].push(t.getAttribute("data-v"));
      }
    });
    return { filters: filters, keys: keys };
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    toggles.forEach(function (t) {
      var on = params.getAll(t.getAttribute("data-f")).indexOf(t.getAttribute("data-v")) !== -1;
      t.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { t.closest("details").open = true; }
    });
    sort.value = params.get("tri") || defaultSort;
    return params.toString() !== "";
  }

  function toUrl(state) {
    var params = new URLSearchParams();
    state.keys.forEach(function (key) {
      state.filters[key].forEach(function (v) { params.append(key, v); });
    });
    if (sort.value !== defaultSort) { params.set("tri", sort.value); }
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // Within a facet, options add up (A or B); across facets they narrow (A and Technique).
  // An option's count is what the list would hold with it added to the other facets'.
  function apply() {
    var state = chosen();
    toUrl(state);
    if (!state.keys.length && sort.value === defaultSort) { restore(); return; }
    var counts = {}, hits = [], keys = state.keys, nkeys = keys.length;
    facetKeys.forEach(function (key) { counts[key] = {}; });
    for (var n = 0; n < offers.length; n++) {
      var o = offers[n], f = o.f, failed = null, fails = 0;
      for (var i = 0; i < nkeys && fails < 2; i++) {
        var values = state.filters[keys[i]], have = f[keys[i]], ok = false;
        for (var j = 0; j < values.length && !ok; j++) { ok = have.indexOf(values[j]) !== -1; }
        if (!ok) { failed = keys[i]; fails++; }
      }
      if (fails === 0) { hits.push(o); }
      if (fails === 2) { continue; }
      for (var k = 0; k < facetKeys.length; k++) {
        var key = facetKeys[k];
        if (fails === 1 && key !== failed) { continue; }
        var c = counts[key], vs = f[key];
        for (var m = 0; m < vs.length; m++) { c[vs[m]] = (c[vs[m]] || 0) + 1; }
      }
    }
    toggles.forEach(function (t) {
      var text = "(" + (counts[t.facetKey][t.facetValue] || 0) + ")";
      if (t.countNode.textContent !== text) { t.countNode.textContent = text; }
    });
    if (sort.value === "recent") {
      hits.sort(function (a, b) {
        return a.published < b.published ? 1 : a.published > b.published ? -1 : a.rank - b.rank;
      });
    }
    draw(hits, state);
  }

  function draw(hits, state) {
    var now = window.Jours.today();
    var fragment = document.createDocumentFragment();
    hits.slice(0, shown).forEach(function (o) { fragment.appendChild(window.Cartes.card(o, level, now)); });
    list.textContent = "";
    list.appendChild(fragment);
    if (pager) { pager.hidden = true; }
    more.hidden = hits.length <= shown;
    // Say which filters, too: on a phone the panel is folded.
    var n = hits.length, named = state.keys.map(function (key) {
      return state.filters[key].join(" ou ");
    }).join(", ");
    status.textContent = (!named ? (n === 1 ? "1 offre" : n + " offres")
      : n === 0 ? "Aucune offre ne correspond à ces filtres (" + named + ")"
      : (n === 1 ? "1 offre correspond" : n + " offres correspondent")
        + " à ces filtres (" + named + ")")
      + (sort.value === "recent" ? ", les plus récentes en premier" : "")
      + (n > shown ? " ; " + shown + " affichées." : ".");
  }

  function restore() {
    list.textContent = "";
    original.items.forEach(function (item) { list.appendChild(item); });
    if (pager) { pager.hidden = false; }
    more.hidden = true;
    status.textContent = original.status;
    toggles.forEach(function (t) { t.countNode.textContent = t.getAttribute("data-n"); });
  }

  toggles.forEach(function (t) { t.setAttribute("data-n", t.countNode.textContent); });

  // Once the records are in, a change is drawn at once, in the same task as the click.
  function update() { shown = PAGE; if (offers) { apply(); } else { load().then(apply); } }

  form.addEventListener("click", function (e) {
    var t = e.target.closest(".facet-toggle");
    if (!t) { return; }
    t.setAttribute("aria-pressed", t.getAttribute("aria-pressed") === "true" ? "false" : "true");
    update();
  });
  sort.addEventListener("change", update);
  form.addEventListener("reset", function (e) {
    e.preventDefault();
    toggles.forEach(function (t) { t.setAttribute("aria-pressed", "false"); });
    sort.value = defaultSort;
    update();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  more.addEventListener("click", function () { shown += PAGE; apply(); });
  // Fetch the records as soon as the visitor reaches for the panel.
  form.addEventListener("pointerover", load, { once: true });
  form.addEventListener("focusin", load, { once: true });
  if (fromUrl()) { update(); }
})();
