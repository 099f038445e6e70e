// Search page: full text with Pagefind, filters from /recherche/offres.json.
// The state lives in the URL (?q=...&filiere=Technique) so that a search can
// be shared; results are built with textContent, never innerHTML.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  if (!form || !window.fetch || !window.URLSearchParams || !window.Cartes) { return; }
  var status = document.getElementById("resultats-statut");
  var list = document.getElementById("resultats");
  var boxes = form.querySelectorAll("input[type=checkbox]");
  var data = null, pagefind = null, timer = null, run = 0, SHOWN = 50;

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    form.q.value = params.get("q") || "";
    boxes.forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) !== -1;
      if (box.checked) { box.closest("details").open = true; }
    });
  }

  // The page lists each filter's most frequent options; the others come from the records,
  // after them, in French order (hundreds of employers would weigh on the page).
  function complete() {
    form.querySelectorAll("fieldset[data-f]").forEach(function (set) {
      var key = set.getAttribute("data-f"), have = {}, counts = {};
      set.querySelectorAll("input").forEach(function (box) { have[box.value] = true; });
      data.offers.forEach(function (o) {
        o.f[key].forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      Object.keys(counts).filter(function (v) { return !have[v]; })
        .sort(function (a, b) { return a.localeCompare(b, "fr"); })
        .forEach(function (v, i) {
          var row = document.createElement("div"), box = document.createElement("input"),
            label = document.createElement("label"), count = document.createElement("span");
          row.className = "facet-option";
          box.type = "checkbox"; box.id = "f-" + key + "-plus-" + i; box.name = key; box.value = v;
          label.htmlFor = box.id;
          label.textContent = v + " ";
          count.className = "count";
          count.textContent = "(" + counts[v] + ")";
          label.appendChild(count);
          row.appendChild(box);
          row.appendChild(label);
          set.appendChild(row);
        });
    });
    boxes = form.querySelectorAll("input[type=checkbox]");
  }

  function chosen() {
    var filters = {};
    boxes.forEach(function (box) {
      if (box.checked) { (filters[box.name] = filters[box.name] || []).push(box.value); }
    });
    return filters;
  }

  function toUrl(q, filters) {
    var params = new URLSearchParams();
    if (q) { params.set("q", q); }
    Object.keys(filters).forEach(function (key) {
      filters[key].forEach(function (value) { params.append(key, value); });
    });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function render(offers) {
    list.textContent = "";
    var now = window.Jours.today();
    var fragment = document.createDocumentFragment();
    // Drawing thousands of cards would stall a phone: the first SHOWN, and say so.
    offers.slice(0, SHOWN).forEach(function (o) { fragment.appendChild(window.Cartes.card(o, 2, now)); });
    list.appendChild(fragment);
    var n = offers.length;
    status.textContent = n === 0 ? "Aucune offre ne correspond à cette recherche."
      : n === 1 ? "1 offre correspond à cette recherche."
      : n + " offres correspondent à cette recherche" + (n > SHOWN ? ", les " + SHOWN
        + " premières sont affichées : précisez-la avec des mots-clés ou des filtres." : ".");
  }

  function search() {
    var mine = ++run;
    var q = form.q.value.trim();
    var filters = chosen();
    toUrl(q, filters);
    var offers = data.offers.filter(function (o) {
      return Object.keys(filters).every(function (key) {
        return filters[key].some(function (value) { return o.f[key].indexOf(value) !== -1; });
      });
    });
    if (!q) { render(offers); return Promise.resolve(); }
    var ready = pagefind ? Promise.resolve(pagefind)
      : import(form.getAttribute("data-pagefind-url")).then(function (m) {
        pagefind = m;
        // Result URLs are the site's own ("/board/offres/x/" under a sub-path).
        return m.options({ baseUrl: form.getAttribute("data-base") }).then(function () { return m; });
      });
    return ready.then(function (pf) { return pf.search(q); }).then(function (found) {
      return Promise.all(found.results.slice(0, 500).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (mine !== run) { return; }  // a newer search has started
      var rank = {};
      pages.forEach(function (page, i) { rank[page.url] = i; });
      render(offers.filter(function (o) { return o.url in rank; })
        .sort(function (a, b) { return rank[a.url] - rank[b.url]; }));
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(search, 200); }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("reset", function () { setTimeout(search, 0); });
  window.addEventListener("popstate", function () { fromUrl(); search(); });

  fetch(form.getAttribute("data-facets-url")).then(function (r) { return r.json(); })
    .then(function (json) { data = json; complete(); fromUrl(); return search(); })
    .catch(function () { status.textContent = "La recherche est indisponible pour le moment."; });
})();
