// 实证面经's search worker. It replaces Material's worker file (mianjing/search_shards.py) and speaks
// its messages: SETUP (0) with the index stub → READY (1); QUERY (2) with the query → RESULT (3)
// with {items: [[page, …sections], …], suggest}. Instead of one index with every page, it fetches
// only what a query needs: the postings shards of the query's tokens (search/shards/<key>.json) and
// the sections of the pages it ranks highest (search/pages/<n>.json). Scoring is BM25 per field
// with the site's field boosts, Material's bonus for pages and for matching every query term, and
// the pages' own boosts. Chinese queries are segmented with the index's own vocabulary, longest
// token first, as Material does; every term also matches as a prefix (search as you type).
"use strict";
(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var K1 = 1.2, B = 0.75, MAX_PAGES = 20, MAX_EXPANSIONS = 40, PREFIX_WEIGHT = 0.5;
  var root = new URL("../../../", self.location.href);       // the worker is assets/javascripts/workers/x.js
  var stub = null, split = null;
  var shards = new Map(), pages = new Map();
  var HAN = /\p{Script=Han}/u;
  var CJK_PUNCTUATION = "[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019\u201c\u201d]";

  function get(path, cache) {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, root)).then(function (r) {
        if (r.status === 404) return {};
        if (!r.ok) throw new Error(path + ": HTTP " + r.status);
        return r.json();
      }).catch(function (e) {
        cache.delete(path);                      // a failed fetch is tried again by the next query
        throw e;
      }));
    }
    return cache.get(path);
  }
  function shardKey(token) {
    var c = token.codePointAt(0);
    if (c > 0x7f) return "u" + c.toString(16);
    return "a" + Array.from(token.slice(0, 2)).map(function (ch) {
      return /[0-9a-z]/.test(ch) ? ch : "_" + ch.codePointAt(0).toString(16);
    }).join("");
  }
  function shard(token) { return get("search/shards/" + shardKey(token) + ".json", shards); }
  function tokens(text) {
    return text.replace(/<[^>]+>/g, " ").replace(/&(?:lt|gt|amp|quot|#39);/g, " ")
      .split(split).filter(function (t) { return t && t.trim(); }).map(function (t) { return t.toLowerCase(); });
  }

  // A run of Chinese characters → the index's words in it, longest first (forward maximum matching).
  function segment(run) {
    var chars = Array.from(run);
    return Promise.all(chars.map(shard)).then(function (loaded) {
      var out = [], i = 0;
      while (i < chars.length) {
        var best = 1;
        for (var j = chars.length; j > i + 1; j--) {
          if (Object.prototype.hasOwnProperty.call(loaded[i], chars.slice(i, j).join(""))) { best = j - i; break; }
        }
        out.push(chars.slice(i, i + best).join(""));
        i += best;
      }
      return out;
    });
  }
  function queryTerms(query) {
    var words = query.replace(/[+~^:*"]/g, " ").trim().split(/\s+/).filter(Boolean);
    return Promise.all(words.map(function (word) {
      return Promise.all(word.split(/(\p{Script=Han}+)/u).filter(Boolean).map(function (part) {
        return HAN.test(part) ? segment(part) : Promise.resolve(tokens(part));
      })).then(function (parts) { return [].concat.apply([], parts); });
    })).then(function (lists) {
      var seen = {}, out = [];
      [].concat.apply([], lists).forEach(function (t) { if (t && !seen[t]) { seen[t] = true; out.push(t); } });
      return out;
    });
  }

  // The postings of a term: its exact token, and (weighted down) the tokens it is a prefix of.
  function matches(term, table) {
    var out = [];
    if (Object.prototype.hasOwnProperty.call(table, term)) out.push({token: term, weight: 1, postings: table[term]});
    var longer = Object.keys(table).filter(function (t) { return t.length > term.length && t.indexOf(term) === 0; });
    longer.sort(function (a, b) { return table[b].length - table[a].length; });
    longer.slice(0, MAX_EXPANSIONS).forEach(function (t) { out.push({token: t, weight: PREFIX_WEIGHT, postings: table[t]}); });
    return out;
  }

  function escapeRe(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function highlight(html, words) {
    if (!words.length || !html) return html;
    var re = new RegExp("(" + words.map(escapeRe).join("|") + ")", "giu");
    return html.split(/(<[^>]+>)/).map(function (part) {
      return part.charAt(0) === "<" ? part : part.replace(re, "<mark>$1</mark>");
    }).join("");
  }

  function search(query) {
    return queryTerms(query).then(function (terms) {
      if (!terms.length) return {items: []};
      return Promise.all(terms.map(shard)).then(function (tables) {
        var m = stub.config.mianjing, N = m.sections, scores = new Map(), tokensOf = new Map();
        terms.forEach(function (term, ti) {
          matches(term, tables[ti]).forEach(function (match) {
            var df = match.postings.length;
            var idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
            match.postings.forEach(function (p) {
              var field = m.fields[p[2]], avg = m.avg[field] || 1;
              var norm = p[3] * (K1 + 1) / (p[3] + K1 * (1 - B + B * p[4] / avg));
              var key = p[0] + ":" + p[1];
              var doc = scores.get(key);
              if (!doc) scores.set(key, doc = {page: p[0], section: p[1], score: 0, terms: {}});
              doc.score += match.weight * idf * norm * (m.boost[field] || 1);
              doc.terms[ti] = true;
              if (!tokensOf.has(key)) tokensOf.set(key, new Set());
              tokensOf.get(key).add(match.token);
            });
          });
        });
        var byPage = new Map();
        scores.forEach(function (doc, key) {
          var matched = Object.keys(doc.terms).length / terms.length;
          var bonus = (doc.section === 0 ? 1 : 0) + matched;          // Material: pages and full matches first
          doc.score *= (1 + bonus * bonus) * (m.page_boost[String(doc.page)] || 1);
          doc.tokens = Array.from(tokensOf.get(key));
          if (!byPage.has(doc.page)) byPage.set(doc.page, []);
          byPage.get(doc.page).push(doc);
        });
        var ranked = Array.from(byPage.values()).map(function (docs) {
          docs.sort(function (a, b) { return b.score - a.score; });
          return docs;
        }).sort(function (a, b) { return b[0].score - a[0].score; }).slice(0, MAX_PAGES);
        return Promise.all(ranked.map(function (docs) {
          return get("search/pages/" + docs[0].page + ".json", pages);
        })).then(function (files) {
          var items = ranked.map(function (docs, i) {
            var sections = files[i];
            var group = docs.map(function (doc) {
              var s = sections[doc.section] || ["", "", "", []];
              var found = {};
              terms.forEach(function (t, ti) { found[t] = !!doc.terms[ti]; });
              return {location: s[0], title: highlight(s[1], doc.tokens), text: highlight(s[2], doc.tokens),
                      tags: s[3] && s[3].length ? s[3] : undefined, score: doc.score, terms: found};
            });
            if (!docs.some(function (d) { return d.section === 0; }) && sections[0]) {
              var p = sections[0];
              group.push({location: p[0], title: p[1], text: p[2], tags: p[3] && p[3].length ? p[3] : undefined,
                          score: 0, terms: {}});
            }
            return group;
          });
          var last = terms[terms.length - 1], table = tables[tables.length - 1];
          var suggest = Object.keys(table).filter(function (t) { return t.length > last.length && t.indexOf(last) === 0; })
            .sort(function (a, b) { return table[b].length - table[a].length; }).slice(0, 1);
          return {items: items, suggest: suggest.length ? [terms.slice(0, -1).concat(suggest).join(" ")] : []};
        });
      });
    });
  }

  var queue = Promise.resolve();                 // answer queries in the order they came
  self.addEventListener("message", function (event) {
    var message = event.data;
    queue = queue.then(function () {
      switch (message.type) {
        case SETUP:
          stub = message.data;
          split = new RegExp("(?:" + stub.config.separator + ")|\u200b|" + CJK_PUNCTUATION, "u");
          return {type: READY};
        case QUERY:
          return search(message.data).catch(function (e) {
            console.warn("search failed for " + JSON.stringify(message.data) + ": " + e);
            return {items: []};
          }).then(function (data) { return {type: RESULT, data: data}; });
        default:
          throw new TypeError("Invalid message type");
      }
    }).then(function (reply) { self.postMessage(reply); });
  });
})();
