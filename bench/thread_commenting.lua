-- wrk: thread pages as in thread_page.lua, with one request in WRITE_EVERY
-- (default 100) a comment on the thread instead: a content write, after
-- which every instance forgets that thread's records (env: BENCH_TOKENS,
-- BENCH_ITEMS_FILE, WRITE_EVERY).
local common = dofile("bench/common.lua")
local every = tonumber(os.getenv("WRITE_EVERY") or "100")
local page = "query ThreadPage($id: ID!) { thread(id: $id) { title bodyHtml tags score viewerVote viewerBookmarked answerCount createdAt author { displayName } answers(first: 30) { edges { node { id bodyHtml score viewerVote isAccepted createdAt author { displayName } } } } } }"
local comment = "mutation C($id: ID!) { createComment(input: {targetId: $id, body: \\\"Thanks, that helps.\\\"}) { id } }"
request = function()
  local id = common.items[math.random(#common.items)]
  if math.random(every) == 1 then
    return common.post(comment, string.format('{"id":"%s"}', id))
  end
  return common.post(page, string.format('{"id":"%s"}', id))
end
