// Search page: full text from our own index (/recherche/index/, written by the build:
// jobboard/plan/search_terms.py), filters from /recherche/offres.json.
// The state lives in the URL (?q=...&filiere=Technique) so that a search can
// be shared; results are built with textContent, never innerHTML.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  if (!form || !window.fetch || !window.URLSearchParams || !window.Cartes) { return; }
  var status = document.getElementById("resultats-statut");
  var list = document.getElementById("resultats");
  var boxes = form.querySelectorAll("input[type=checkbox]");
  var data = null, timer = null, run = 0, SHOWN = 50;
  var indexUrl = form.getAttribute("data-index-url");
  var stop = {};
  form.getAttribute("data-stop-words").split(" ").forEach(function (w) { stop[w] = true; });
  var shards = {};  // shard name -> promise of its postings {word: [[offer id, weight], ...]}

  // As the build folds words (jobboard/text.py fold): each character lower-cased, its
  // accents dropped, one character for one.
  function fold(word) {
    return Array.from(word).map(function (c) {
      var ascii = c.normalize("NFKD").replace(/[^\u0000-\u007f]/g, "");
      return (ascii.charAt(0) || c).toLowerCase();
    }).join("");
  }

  // The query's words as the index has them: letters and digits, two or more, not the
  // most common words (the build does not index them).
  function queryWords(q) {
    var seen = {};
    return (q.normalize("NFC").match(/[\p{L}\p{N}]+/gu) || []).map(fold).filter(function (w) {
      var keep = Array.from(w).length >= 2 && !stop[w] && !seen[w];
      seen[w] = true;
      return keep;
    });
  }

  // The shard of a word: its first two letters, a letter outside ASCII as _, its code
  // point in hexadecimal and _ (search_terms.shard_name).
  function shardName(word) {
    return Array.from(word).slice(0, 2).map(function (c) {
      var code = c.codePointAt(0);
      return code < 128 ? c : "_" + code.toString(16) + "_";
    }).join("");
  }

  function shard(name) {
    if (!shards[name]) {
      shards[name] = fetch(indexUrl + name + ".json").then(function (r) {
        if (r.status === 404) { return {}; }  // no indexed word starts with these letters
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      });
      shards[name].catch(function () { delete shards[name]; });  // try again next time
    }
    return shards[name];
  }

  // Offer id -> score: the offers holding a word that starts with each query word (the
  // weights of its best word for each query word, added up); null for no query word.
  function matching(words) {
    if (!words.length) { return Promise.resolve(null); }
    return Promise.all(words.map(function (w) { return shard(shardName(w)); }))
      .then(function (found) {
        var total = null;
        words.forEach(function (w, i) {
          // No prototype: an id such as "constructor" must not be found in every offer.
          var postings = found[i], best = Object.create(null);
          Object.keys(postings).forEach(function (key) {
            if (key.lastIndexOf(w, 0) !== 0) { return; }
            postings[key].forEach(function (p) {
              if (!(best[p[0]] >= p[1])) { best[p[0]] = p[1]; }
            });
          });
          if (total === null) { total = best; return; }
          var both = Object.create(null);
          Object.keys(total).forEach(function (id) {
            if (id in best) { both[id] = total[id] + best[id]; }
          });
          total = both;
        });
        return total;
      });
  }

  // An offer's id in the index: the slug, last segment of its page's address.
  function offerId(o) {
    var parts = o.url.split("/").filter(Boolean);
    return parts[parts.length - 1];
  }

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
    return matching(queryWords(q)).then(function (score) {
      if (mine !== run) { return; }  // a newer search has started
      if (score === null) { render(offers); return; }
      // Heaviest first; ties keep the records' order (soonest deadline first).
      render(offers.filter(function (o) { return offerId(o) in score; })
        .map(function (o, i) { return [o, score[offerId(o)], i]; })
        .sort(function (a, b) { return b[1] - a[1] || a[2] - b[2]; })
        .map(function (e) { return e[0]; }));
    });
  }

  function later() { clearTimeout(timer); timer = setTimeout(searchOrSay, 200); }

  function searchOrSay() {
    return search().catch(function () {
      status.textContent = "La recherche est indisponible pour le moment.";
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); searchOrSay(); });
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("reset", function () { setTimeout(searchOrSay, 0); });
  window.addEventListener("popstate", function () { fromUrl(); searchOrSay(); });

  fetch(form.getAttribute("data-facets-url")).then(function (r) { return r.json(); })
    .then(function (json) { data = json; complete(); fromUrl(); return search(); })
    .catch(function () { status.textContent = "La recherche est indisponible pour le moment."; });
})();
