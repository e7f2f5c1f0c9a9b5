#!/usr/bin/env bash
# Community benchmark (see BENCHMARKS.md): on `lyceum seed --scale 1` data
# in PostgreSQL, a thread page with 30 answers as signed-in learners (alone
# and with 1 % comments), `search` in English and 中文, and a vote storm on
# a few hot answers.
# Usage: bench/community.sh   (env as bench/pg.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg.sh

echo "machine: $(nproc) cores; release build; PostgreSQL $(psql "$DB" -tAc 'SHOW server_version'); $CONNECTIONS connections, ${SECS}s per run"
psql "$DB" -tAc "SELECT 'data: ' || (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM threads) || ' threads, ' || (SELECT count(*) FROM answers) || ' answers, ' || (SELECT count(*) FROM comments) || ' comments, ' || (SELECT count(*) FROM votes) || ' votes, ' || (SELECT count(*) FROM search_documents) || ' search documents'"
echo "RSS idle: $(rss_mib) MiB"
tokens="$(learner_tokens 50)"
run() { # name, lua script, items file
  BENCH_TOKENS="$tokens" BENCH_ITEMS_FILE="$3" \
    wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s "$2" "$URL" >"$work/run.txt"
  wrk_line "$1" "$work/run.txt"
}

# Thread pages: 500 community threads with at least 30 answers.
global_ids Thread "SELECT id FROM threads WHERE course_id IS NULL AND deleted_at IS NULL AND answer_count >= 30 ORDER BY id LIMIT 500" >"$work/threads.txt"
# 5 s of warm-up first (unreported): the measured runs are the steady
# state, with the 500 threads' records and their ~15,000 authors cached.
SECS=5 run "warm-up" bench/thread_page.lua "$work/threads.txt" >/dev/null
run "thread page (30 answers)" bench/thread_page.lua "$work/threads.txt"
# The same with 1 % of requests a comment: every instance forgets that
# thread's records (and only those).
run "thread page + 1 % comments" bench/thread_commenting.lua "$work/threads.txt"

# Search: two-word queries from the seeded vocabulary, English and 中文.
printf '%s\n' "borrow checker" "async runtime" "recommendation" "gradient descent" "lifetimes" \
  "推荐算法" "机器学习" "协同过滤" "深度学习 入门" "数据库 索引" >"$work/queries.txt"
# A fresh server's first 5 s (after /readyz, which waits for the warm-up
# of the most searched queries) are reported on their own, then the
# steady state.
measured_secs="$SECS"
start_server
SECS=5 run "search, first 5 s (fresh)" bench/search.lua "$work/queries.txt"
SECS="$measured_secs"
run "search (EN + 中文)" bench/search.lua "$work/queries.txt"
BENCH_THREADS_FILE="$work/threads.txt" run "search + 10 % bookmarks" bench/search_mixed.lua "$work/queries.txt"

# Vote storm: 50 learners on the 10 most answered threads' top answers.
global_ids Answer "SELECT a.id FROM answers a JOIN threads t ON t.id = a.thread_id WHERE t.course_id IS NULL AND a.deleted_at IS NULL ORDER BY t.answer_count DESC, a.id LIMIT 10" >"$work/answers.txt"
run "vote storm (10 answers)" bench/vote.lua "$work/answers.txt"
psql "$DB" -tAc "SELECT 'consistent after the storm: ' || bool_and(a.score = a.upvotes - a.downvotes AND a.upvotes = (SELECT count(*) FROM votes v WHERE v.target_kind = 'ANSWER' AND v.target_id = a.id AND v.value = 1)) FROM answers a WHERE a.id IN (SELECT a2.id FROM answers a2 JOIN threads t ON t.id = a2.thread_id WHERE t.course_id IS NULL ORDER BY t.answer_count DESC, a2.id LIMIT 10)"
echo "RSS after: $(rss_mib) MiB"
