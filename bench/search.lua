-- wrk: `search` for one of the listed queries (English and 中文), first 10
-- results with snippets, as one of the signed-in learners (env:
-- BENCH_TOKENS, BENCH_ITEMS_FILE: queries, one a line).
local common = dofile("bench/common.lua")
local query = "query Search($q: String!) { search(query: $q, first: 10) { edges { node { relevance titleHtml snippet item { __typename ... on Thread { id } ... on Answer { id } ... on Course { id } } } } } }"
request = function()
  return common.post(query, string.format('{"q":"%s"}', common.items[math.random(#common.items)]))
end
