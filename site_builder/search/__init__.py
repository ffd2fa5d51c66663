"""The browser's search index, written as JavaScript files loaded by <script> tags.

Why script files: fetch/XHR is blocked on file://, but a classic <script src> works
there, so every index file is a call to the global `siteSearchLoad(kind, number, data)`
that static/search.js defines before it injects them.

The files (search/meta.js, shard-NN.js, stats.js, docs-NN.js) and what each holds: see
search.files.

Tokens (the same rules are implemented in static/search.js; tests check they agree):
  - CJK runs -> character bigrams (a run of one character -> that character),
  - runs of ASCII letters and digits -> one lowercase token each,
  - "=" + a whole front-matter term (keyword, place, person, tag slug or tag name),
  - "tag:<slug>" and "year:<yyyy>" for the filters (weight 0).
No segmenter is needed in the browser (and jieba is never imported by the render half).

The files hold per-(token, document) values that depend on that document alone: f, the
BM25F frequency (body count + TITLE_WEIGHT x title count) of an n-gram or word token, the
summed boost of a whole-term token (in TERM_UNITs, an integer) or 0 for a filter. The
weights (BM25 with the length normaliser from the lengths and their average, idf from the
document frequency) are computed at query time, in the browser as in `rank()` below, with
the same double operations on the same exactly-carried values (the idf table is written
by Python, never recomputed with another log) and rounded as floor(x + 0.5): the
scores are the same integers. Documents are numbered from the oldest (a tie goes to the
higher number: the newer), so no number moves when a new day's stories are added. So an
edit rewrites only the shards of the tokens whose lists changed, stats.js, the edited
documents' chunk and meta.js if its counts changed, and an addition the shards of the
new stories' tokens, stats.js, meta.js and the last docs chunks (see iter_search_files
and its memo).

The package: `tokens` (what a document and a query are made of), `postings` (every
token's entries, made afresh or updated from the last build's), `files` (the files
encoded and decoded, only the changed ones made again) and `reference` (the ranking
search.js implements, for the tests). The render imports `files.iter_search_files`.
"""
