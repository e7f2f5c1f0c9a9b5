-- wrk: one GraphQL request (BENCH_BODY_FILE, a JSON body) again and again,
-- signed in as one user (BENCH_TOKEN).
local file = assert(io.open(os.getenv("BENCH_BODY_FILE")))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
