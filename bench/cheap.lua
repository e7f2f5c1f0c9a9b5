-- A cheap authenticated query: one session+user lookup, no hashing.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.body = '{"query":"query Me { me { username role } }"}'
