-- wrk: a thread page (the thread, its first 30 answers with their authors
-- and the viewer's votes) of one of the listed threads, as one of the
-- signed-in learners, at random (env: BENCH_TOKENS, BENCH_ITEMS_FILE).
local common = dofile("bench/common.lua")
local query = "query ThreadPage($id: ID!) { thread(id: $id) { title bodyHtml tags score viewerVote answerCount createdAt author { displayName } answers(first: 30) { edges { node { id bodyHtml score viewerVote isAccepted createdAt author { displayName } } } } } }"
request = function()
  return common.post(query, string.format('{"id":"%s"}', common.items[math.random(#common.items)]))
end
