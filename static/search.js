/*
 * Site search that runs in the browser with no server, also on file://.
 *
 * The index (written by site_builder/search.py) is a set of classic scripts, each calling
 * the global siteSearchLoad(kind, number, data): fetch/XHR are blocked on file://, script
 * tags are not. Only meta.js, the shards holding the query's tokens, stats.js (document
 * lengths and idf) and the document chunks of the results on screen are loaded.
 *
 * The tokeniser and the ranking mirror search.py exactly (tests run both on the same
 * inputs): CJK bigrams, lowercase ASCII words, "=" + whole word, and the weights computed
 * from the shards' per-document values exactly as rank() in search.py does.
 *
 * Results are built with DOM APIs and textContent only, so no indexed text can inject
 * markup.
 */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;            // node: the tests use the pure functions
  } else if (typeof document !== "undefined") {
    api.start(root, document, document.currentScript);
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  var TOKEN_RUN = new RegExp("[" + CJK + "]+|[a-z0-9]+", "gu");
  var CJK_RUN = new RegExp("^[" + CJK + "]+$", "u");
  // The same explicit list as search.py: JavaScript's \s and Python's differ.
  var SPACE_CLASS = "[ \\t\\n\\r\\f\\v\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+";
  var PAGE_SIZE = 20;
  var SNIPPET_LENGTH = 120;

  /* ---------------------------------------------------------------- tokens */

  function normalise(text) {
    return String(text)
      .replace(/[\uff01-\uff5e]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
      })
      .replace(/\u3000/g, " ")
      .replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }

  function tokenise(text) {
    var tokens = [];
    var runs = normalise(text).match(TOKEN_RUN) || [];
    runs.forEach(function (run) {
      if (!CJK_RUN.test(run)) {
        tokens.push(run);
        return;
      }
      var chars = Array.from(run);   // code points, like Python's str
      if (chars.length === 1) {
        tokens.push(run);
        return;
      }
      for (var i = 0; i + 1 < chars.length; i++) {
        tokens.push(chars[i] + chars[i + 1]);
      }
    });
    return tokens;
  }

  function termKey(term) {
    return "=" + normalise(term).replace(new RegExp(SPACE_CLASS, "g"), "");
  }

  function unique(items) {
    return Array.from(new Set(items));
  }

  /* Whitespace-separated words; each word must be matched. */
  function parseQuery(query) {
    var terms = [];
    var seen = new Set();
    normalise(query).split(new RegExp(SPACE_CLASS)).forEach(function (word) {
      var grams = unique(tokenise(word));
      var key = termKey(word);
      if (grams.length && !seen.has(key)) {
        seen.add(key);
        terms.push({ word: word, key: key, grams: grams });
      }
    });
    return terms;
  }

  var encoder = new TextEncoder();

  /* FNV-1a (32 bit) over UTF-8 bytes, as shard_of() in search.py. */
  function shardOf(token, shards) {
    var hash = 0x811c9dc5;
    encoder.encode(token).forEach(function (byte) {
      hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    });
    return hash % shards;
  }

  function queryTokens(terms) {
    var tokens = [];
    terms.forEach(function (term) {
      tokens.push.apply(tokens, term.grams.concat([term.key]));
    });
    return unique(tokens);
  }

  function filterTokens(filters) {
    var tokens = [];
    if (filters.tag) { tokens.push("tag:" + filters.tag); }
    if (filters.year) { tokens.push("year:" + filters.year); }
    return tokens;
  }

  /* ---------------------------------------------------------------- shards */

  /*
   * A shard file's data: {tokens (sorted), ends, data, truncated}. The posting list of
   * tokens[i] is the int32 values ends[i - 1] (or 0) .. ends[i] of `data`, which is
   * base64 of little-endian int32 values: doc, f, doc, f ... (f: see weigher below).
   * `truncated` holds [token, document frequency] for the lists cut to their largest f.
   * postingsOf(shard, token) -> that flat list, or undefined; decoded on first use.
   */
  function decode(shard) {
    if (shard.index) { return; }
    shard.index = new Map();
    shard.tokens.forEach(function (t, i) { shard.index.set(t, i); });
    shard.cut = new Map(shard.truncated);
    var binary = atob(shard.data);
    var bytes = new Uint8Array(binary.length);
    for (var b = 0; b < binary.length; b++) { bytes[b] = binary.charCodeAt(b); }
    shard.view = new DataView(bytes.buffer);
  }

  function postingsOf(shard, token) {
    decode(shard);
    var i = shard.index.get(token);
    if (i === undefined) { return undefined; }
    var start = i ? shard.ends[i - 1] : 0;
    var flat = new Array(shard.ends[i] - start);
    for (var j = 0; j < flat.length; j++) { flat[j] = shard.view.getInt32((start + j) * 4, true); }
    return flat;
  }

  function isTruncated(shard, token) {
    decode(shard);
    return shard.cut.has(token);
  }

  /* The number of documents having the token (a cut list names it, else its length). */
  function documentFrequency(shard, token) {
    var flat = postingsOf(shard, token);
    return shard.cut.has(token) ? shard.cut.get(token) : (flat ? flat.length / 2 : 0);
  }

  /*
   * weigher(weights, stats) -> weigh(token, flat, df): the flat list [doc, weight ...].
   * weights: meta.weights {k1, b, scale, termUnit}; stats: stats.js {lengths, idf}.
   * A token's f is the BM25F frequency of a gram or word, the boost (in termUnits) of a
   * whole term ("=..."), 0 for a filter. The same double operations, in the same order,
   * on the same values as weight() in search.py, and the same rounding (half up): the
   * same integers. The idf comes from the table, never from a log computed here.
   */
  function weigher(weights, stats) {
    var total = 0;
    stats.lengths.forEach(function (length) { total += length; });
    var n = stats.lengths.length;
    var average = n && total ? total / n : 1;
    var idfOf = new Map(stats.idf);
    var k1 = weights.k1, b = weights.b, scale = weights.scale, unit = weights.termUnit;
    return function weigh(token, flat, df) {
      var filter = token.indexOf("tag:") === 0 || token.indexOf("year:") === 0;
      var term = token.charAt(0) === "=";
      var idf = idfOf.get(df);
      var out = new Array(flat.length);
      for (var i = 0; i < flat.length; i += 2) {
        var f = flat[i + 1], value;
        out[i] = flat[i];
        if (filter) {
          out[i + 1] = 0;
          continue;
        }
        if (term) {
          value = idf * scale * f / unit;
        } else {
          var norm = k1 * (1 - b + b * stats.lengths[flat[i]] / average);
          value = idf * scale * f * (k1 + 1) / (f + norm);
        }
        out[i + 1] = Math.max(1, Math.floor(value + 0.5));
      }
      return out;
    };
  }

  /* ---------------------------------------------------------------- ranking */

  function docsOf(flat) {
    var docs = new Set();
    for (var i = 0; flat && i < flat.length; i += 2) { docs.add(flat[i]); }
    return docs;
  }

  function intersect(a, b) {
    return new Set(Array.from(a).filter(function (x) { return b.has(x); }));
  }

  /*
   * rank(terms, filters, get, isTruncated) -> {results: [{doc, score}], exact}
   * get(token) gives the token's weighted flat postings [doc, weight, ...] or undefined.
   * The same rules as rank() in search.py.
   */
  function rank(terms, filters, get, isTruncated) {
    var allowed = null;
    filterTokens(filters).forEach(function (token) {
      var docs = docsOf(get(token));
      allowed = allowed === null ? docs : intersect(allowed, docs);
    });
    if (!terms.length) {
      var listed = allowed === null ? [] : Array.from(allowed).sort(function (a, b) { return b - a; });
      return { results: listed.map(function (d) { return { doc: d, score: 0 }; }), exact: true };
    }
    var scores = new Map();
    queryTokens(terms).forEach(function (token) {
      var flat = get(token) || [];
      for (var i = 0; i < flat.length; i += 2) {
        scores.set(flat[i], (scores.get(flat[i]) || 0) + flat[i + 1]);
      }
    });
    var exact = null;
    terms.forEach(function (term) {
      var required = term.grams.filter(function (g) { return !isTruncated(g); });
      var matched = null;
      if (required.length) {
        required.forEach(function (g) {
          var docs = docsOf(get(g));
          matched = matched === null ? docs : intersect(matched, docs);
        });
      } else {
        matched = new Set();
        term.grams.forEach(function (g) { docsOf(get(g)).forEach(function (d) { matched.add(d); }); });
      }
      docsOf(get(term.key)).forEach(function (d) { matched.add(d); });
      exact = exact === null ? matched : intersect(exact, matched);
    });
    if (allowed !== null) { exact = intersect(exact, allowed); }
    var candidates = exact;
    if (!exact.size) {
      candidates = new Set(scores.keys());
      if (allowed !== null) { candidates = intersect(candidates, allowed); }
    }
    var results = Array.from(candidates, function (d) {
      return { doc: d, score: scores.get(d) || 0 };
    });
    results.sort(function (a, b) { return b.score - a.score || b.doc - a.doc; });
    return { results: results, exact: exact.size > 0 };
  }

  /* ---------------------------------------------------------------- snippets */

  function occurrences(haystack, needle, ranges) {
    if (!needle) { return false; }
    var found = false;
    var at = haystack.indexOf(needle);
    while (at !== -1) {
      ranges.push([at, at + needle.length]);
      found = true;
      at = haystack.indexOf(needle, at + needle.length);
    }
    return found;
  }

  /* [start, end) ranges (UTF-16 indices) of the query's words in text, merged. */
  function highlightRanges(text, terms) {
    // normalise() maps one UTF-16 unit to one, so indices in it are indices in text
    var haystack = normalise(text);
    var ranges = [];
    terms.forEach(function (term) {
      if (!occurrences(haystack, term.key.slice(1), ranges)) {
        term.grams.forEach(function (g) { occurrences(haystack, g, ranges); });
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push(r.slice()); }
    });
    return merged;
  }

  /*
   * Passages of text for a result: {text, ranges, before, after}. One passage around
   * the first place each word of the query is found (the whole word, else its first
   * gram), none twice (a word already inside a passage adds none), joined by " … ";
   * `length` characters in all. A passage starts at the start of the hit's sentence or
   * clause when that is near, else at the hit itself, never inside a Latin word, a
   * number or a surrogate pair; it ends at a sentence or clause end when one is near.
   * Without a hit: the text's start.
   */
  var SENTENCE_END = /[。！？!?；;]/;
  var CLAUSE_END = /[，、：,:]/;
  var CLOSERS = /[”’」』）)]/;
  var GAP = " … ";
  var LOOK_BACK = 40;       // characters a passage may start before its hit

  function firstHit(haystack, term) {
    var at = haystack.indexOf(term.key.slice(1));
    if (at !== -1) { return at; }
    var best = -1;
    term.grams.forEach(function (g) {
      var found = haystack.indexOf(g);
      if (found !== -1 && (best === -1 || found < best)) { best = found; }
    });
    return best;
  }

  function isLow(text, i) { return /[\udc00-\udfff]/.test(text.charAt(i)); }
  function isWordChar(text, i) { return /[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/.test(text.charAt(i)); }

  /* Where a passage holding position `hit` starts (not before `floor`). */
  function passageStart(text, hit, floor) {
    var low = Math.max(floor, hit - LOOK_BACK);
    var clause = -1;
    for (var i = hit - 1; i >= low; i--) {
      var c = text.charAt(i);
      if (SENTENCE_END.test(c) || (c === "…" && text.charAt(i - 1) === " " && text.charAt(i + 1) === " ")) {
        var start = i + 1;
        while (start < hit && (CLOSERS.test(text.charAt(start)) || text.charAt(start) === " ")) { start++; }
        return start;
      }
      if (clause === -1 && CLAUSE_END.test(c)) { clause = i + 1; }
    }
    if (low === floor && floor === 0 && hit <= LOOK_BACK) { return 0; }
    if (clause !== -1) { return clause; }
    var at = hit;
    while (at > floor && isWordChar(text, at - 1) && isWordChar(text, at)) { at--; }
    if (isLow(text, at)) { at--; }
    return at;
  }

  /* Where a passage that should end by `end` ends: after the last sentence that ends
     past `minimum` (the hit), else at a clause end near `end`. */
  function passageEnd(text, end, minimum) {
    if (end >= text.length) { return text.length; }
    var clause = -1;
    for (var i = end - 1; i >= minimum; i--) {
      var c = text.charAt(i);
      if (SENTENCE_END.test(c)) {
        var stop = i + 1;
        while (stop < text.length && CLOSERS.test(text.charAt(stop))) { stop++; }
        return stop;
      }
      if (clause === -1 && i >= end - LOOK_BACK && CLAUSE_END.test(c)) { clause = i; }
    }
    if (clause !== -1) { return clause; }
    var at = end;
    while (at > minimum && isWordChar(text, at - 1) && isWordChar(text, at)) { at--; }
    if (isLow(text, at)) { at++; }
    return at;
  }

  function snippet(text, terms, length) {
    var ranges = highlightRanges(text, terms);
    if (text.length <= length) {
      return { text: text, ranges: ranges, before: false, after: false };
    }
    var haystack = normalise(text);
    var hits = [];
    terms.forEach(function (term) {
      var at = firstHit(haystack, term);
      if (at !== -1 && hits.indexOf(at) === -1) { hits.push(at); }
    });
    hits.sort(function (a, b) { return a - b; });
    if (!hits.length) { hits = [0]; }
    var windows = [];
    var each = Math.max(40, Math.floor(length / hits.length));
    hits.forEach(function (hit) {
      var last = windows[windows.length - 1];
      if (last && hit < last[1]) { return; }     // already shown
      var start = passageStart(text, hit, last ? last[1] : 0);
      var covering = ranges.filter(function (r) { return r[0] <= hit && hit < r[1]; })[0];
      // a passage ends where the snippet text's own passage does (at its GAP), never
      // running on into the next line the index put after it
      var wall = text.indexOf(GAP, hit);
      var end = passageEnd(text, Math.min(Math.max(start + each, covering ? covering[1] : hit + 1),
                                          wall === -1 ? text.length : wall),
                           covering ? covering[1] : hit + 1);
      if (last && start <= last[1]) { last[1] = end; } else { windows.push([start, end]); }
    });
    var out = "", shifted = [];
    windows.forEach(function (w, k) {
      if (k) { out += GAP; }
      var offset = out.length - w[0];
      ranges.forEach(function (r) {
        if (r[1] > w[0] && r[0] < w[1]) {
          shifted.push([Math.max(r[0], w[0]) + offset, Math.min(r[1], w[1]) + offset]);
        }
      });
      out += text.slice(w[0], w[1]);
    });
    return { text: out, ranges: shifted, before: windows[0][0] > 0,
             after: windows[windows.length - 1][1] < text.length };
  }

  /* ---------------------------------------------------------------- page */

  function appendMarked(doc, parent, text, ranges) {
    var at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) { parent.appendChild(doc.createTextNode(text.slice(at, r[0]))); }
      var mark = doc.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      parent.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) { parent.appendChild(doc.createTextNode(text.slice(at))); }
  }

  /* "2026-04-09" -> "2026年4月9日", as the pages show dates. */
  function dateText(date) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : date;
  }

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) { text = "0" + text; }
    return text;
  }

  /* Loads index files by injecting script tags; each file calls siteSearchLoad. */
  function makeLoader(win, doc, base) {
    var store = new Map();
    var pending = new Map();
    win.siteSearchLoad = function (kind, number, data) {
      store.set(kind + ":" + number, data);
    };
    return function load(kind, number, file) {
      var key = kind + ":" + number;
      if (store.has(key)) { return Promise.resolve(store.get(key)); }
      if (!pending.has(key)) {
        pending.set(key, new Promise(function (resolve, reject) {
          var script = doc.createElement("script");
          script.src = base + file;
          script.onload = function () {
            if (store.has(key)) { resolve(store.get(key)); } else { reject(new Error(file)); }
          };
          script.onerror = function () {
            pending.delete(key);      // allow a retry on the next search
            reject(new Error(file));
          };
          doc.head.appendChild(script);
        }));
      }
      return pending.get(key);
    };
  }

  function start(win, doc, script) {
    var form = doc.getElementById("search-form");
    if (!form || !script) { return; }
    var base = script.getAttribute("data-index") || "search/";
    var siteRoot = script.getAttribute("data-root") || "";
    var input = doc.getElementById("search-q");
    var tagSelect = doc.getElementById("search-tag");
    var yearSelect = doc.getElementById("search-year");
    var status = doc.getElementById("search-status");
    var list = doc.getElementById("search-results");
    var more = doc.getElementById("search-more");
    var load = makeLoader(win, doc, base);
    var generation = 0;      // a newer search makes older async work stale
    var meta = null;
    var tagNames = new Map();
    var shown = 0;
    var current = null;

    function say(text) { status.textContent = text; }

    function shardFile(n) { return "shard-" + pad(n, meta.shardWidth) + ".js"; }
    function docsFile(n) { return "docs-" + pad(n, meta.docWidth) + ".js"; }

    function fillSelect(select, items, label) {
      items.forEach(function (item) {
        var option = doc.createElement("option");
        option.value = item[0];
        option.textContent = label(item);
        select.appendChild(option);
      });
    }

    function params() {
      var query = new URLSearchParams(win.location.search);
      return { q: query.get("q") || "", tag: query.get("tag") || "", year: query.get("year") || "" };
    }

    function renderDoc(entry, terms) {
      var li = doc.createElement("li");
      li.className = "search-result";
      var heading = doc.createElement("h2");
      var link = doc.createElement("a");
      link.href = siteRoot + entry[2];
      appendMarked(doc, link, entry[1], highlightRanges(entry[1], terms));
      heading.appendChild(link);
      li.appendChild(heading);
      var info = [dateText(entry[3])].concat(entry[4].map(function (t) { return tagNames.get(t) || t; }))
        .filter(Boolean);
      if (info.length) {
        var p = doc.createElement("p");
        p.className = "search-meta";
        p.textContent = info.join(" · ");
        li.appendChild(p);
      }
      var cut = snippet(entry[6], terms, SNIPPET_LENGTH);
      var text = doc.createElement("p");
      text.className = "search-snippet";
      // the snippet text already joins its sentences with " … ": no doubled ellipses
      if (cut.before && !/^\s*…/.test(cut.text)) { text.appendChild(doc.createTextNode("…")); }
      appendMarked(doc, text, cut.text, cut.ranges);
      if (cut.after && !/…\s*$/.test(cut.text)) { text.appendChild(doc.createTextNode("…")); }
      li.appendChild(text);
      list.appendChild(li);
    }

    function showMore(mine) {
      var page = current.results.slice(shown, shown + PAGE_SIZE);
      var chunks = unique(page.map(function (r) { return Math.floor(r.doc / meta.docChunk); }));
      return Promise.all(chunks.map(function (c) { return load("docs", c, docsFile(c)); }))
        .then(function () {
          if (mine !== generation) { return; }
          return Promise.all(page.map(function (r) {
            var c = Math.floor(r.doc / meta.docChunk);
            return load("docs", c, docsFile(c)).then(function (docs) {
              return docs[r.doc - c * meta.docChunk];
            });
          })).then(function (entries) {
            if (mine !== generation) { return; }
            entries.forEach(function (entry) { renderDoc(entry, current.terms); });
            shown += page.length;
            more.hidden = shown >= current.results.length;
          });
        });
    }

    function run(wanted) {
      var done = search(wanted);
      var mine = generation;         // search() has just taken its number
      return done.then(function () {
        if (mine === generation) { list.setAttribute("aria-busy", "false"); }
      });
    }

    function search(wanted) {
      var mine = ++generation;
      list.setAttribute("aria-busy", "true");
      list.textContent = "";
      more.hidden = true;
      shown = 0;
      var terms = parseQuery(wanted.q);
      var filters = { tag: wanted.tag, year: wanted.year };
      if (!terms.length && !filters.tag && !filters.year) {
        say(wanted.q.trim() ? "请输入汉字、字母或数字。" : "输入关键词开始搜索。");
        return Promise.resolve();
      }
      say("正在搜索…");
      var tokens = queryTokens(terms).concat(filterTokens(filters));
      var shards = unique(tokens.map(function (t) { return shardOf(t, meta.shards); }));
      var stats = null;
      var byShard = new Map();
      var loads = shards.map(function (n) {
        return load("shard", n, shardFile(n)).then(function (data) { byShard.set(n, data); });
      });
      loads.push(load("stats", 0, "stats.js").then(function (data) { stats = data; }));
      return Promise.all(loads)
        .then(function () {
          if (mine !== generation) { return; }
          var weigh = weigher(meta.weights, stats);
          function shardFor(token) { return byShard.get(shardOf(token, meta.shards)); }
          var found = rank(terms, filters,
            function (token) {
              var shard = shardFor(token);
              var flat = postingsOf(shard, token);
              return flat && weigh(token, flat, documentFrequency(shard, token));
            },
            function (token) { return isTruncated(shardFor(token), token); });
          current = { results: found.results, terms: terms };
          if (!found.results.length) {
            var short = terms.some(function (t) { return Array.from(t.word).length === 1; });
            say("没有找到结果。" + (short ? "单个汉字很少单独出现，请至少输入两个字。" : ""));
            return;
          }
          return showMore(mine).then(function () {
            if (mine !== generation) { return; }
            say((found.exact ? "找到 " : "没有完全匹配的结果，以下 ") + found.results.length +
                (found.exact ? " 篇文章。" : " 篇部分匹配。"));
          });
        })
        .catch(function (error) {
          if (mine === generation) { say("搜索索引未能加载（" + error.message + "）。"); }
        });
    }

    function wantedFromForm() {
      return { q: input.value, tag: tagSelect ? tagSelect.value : "", year: yearSelect ? yearSelect.value : "" };
    }

    function urlFor(wanted) {
      var query = new URLSearchParams();
      Object.keys(wanted).forEach(function (k) { if (wanted[k]) { query.set(k, wanted[k]); } });
      var text = query.toString();
      return win.location.pathname + (text ? "?" + text : "");
    }

    form.addEventListener("submit", function (event) {
      if (!meta) { return; }         // the index is not there: let the GET go through
      var wanted = wantedFromForm();
      try {
        win.history.replaceState(null, "", urlFor(wanted));
      } catch (error) {
        return;                      // no history API here: the form's GET reloads the page
      }
      event.preventDefault();
      run(wanted);
    });
    [tagSelect, yearSelect].forEach(function (select) {
      if (select) {
        select.addEventListener("change", function () {
          if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        });
      }
    });
    more.addEventListener("click", function () {
      if (current) { showMore(generation); }
    });

    var wanted = params();
    input.value = wanted.q;
    say("正在加载索引…");
    list.setAttribute("aria-busy", "true");
    load("meta", 0, "meta.js").then(function (data) {
      meta = data;
      meta.tags.forEach(function (t) { tagNames.set(t[0], t[1]); });
      if (tagSelect) {
        fillSelect(tagSelect, meta.tags, function (t) { return t[1] + "（" + t[2] + "）"; });
        tagSelect.value = wanted.tag;
      }
      if (yearSelect) {
        fillSelect(yearSelect, meta.years, function (y) { return y[0] + "（" + y[1] + "）"; });
        yearSelect.value = wanted.year;
      }
      return run(wanted);
    }, function () {
      say("搜索索引未能加载。");
      list.setAttribute("aria-busy", "false");
    });
  }

  return {
    normalise: normalise,
    tokenise: tokenise,
    termKey: termKey,
    parseQuery: parseQuery,
    shardOf: shardOf,
    postingsOf: postingsOf,
    isTruncated: isTruncated,
    documentFrequency: documentFrequency,
    weigher: weigher,
    queryTokens: queryTokens,
    rank: rank,
    highlightRanges: highlightRanges,
    snippet: snippet,
    dateText: dateText,
    start: start
  };
}));
