-- A successful sign-in: one argon2id verification at production parameters,
-- plus a session and a refresh token written.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"mutation Login { login(input: {login: \\"learner_ana\\", password: \\"lyceum-demo-2026\\"}) { accessToken } }"}'
