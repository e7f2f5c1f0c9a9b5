-- wrk: searches as in search.lua, with one request in ten a member
-- bookmarking (or un-bookmarking) a thread: the writes members make all the
-- time, which must not empty the shared search rankings (env: BENCH_TOKENS,
-- BENCH_ITEMS_FILE: queries, BENCH_THREADS_FILE: thread IDs, one a line).
local common = dofile("bench/common.lua")
local threads = {}
for line in io.lines(os.getenv("BENCH_THREADS_FILE")) do
  threads[#threads + 1] = line
end
local search = "query Search($q: String!) { search(query: $q, first: 10) { edges { node { relevance titleHtml snippet item { __typename ... on Thread { id } ... on Answer { id } ... on Course { id } } } } } }"
local marks = { "bookmark", "unbookmark" }
request = function()
  if math.random(10) == 1 then
    local mark = marks[math.random(#marks)]
    return common.post(string.format("mutation M($id: ID!) { %s(threadId: $id) { id } }", mark),
      string.format('{"id":"%s"}', threads[math.random(#threads)]))
  end
  return common.post(search, string.format('{"q":"%s"}', common.items[math.random(#common.items)]))
end
