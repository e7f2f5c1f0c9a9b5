#!/usr/bin/env node
// GraphQL-over-HTTP conformance audit (graphql-http's serverAudits) against a running server.
//
//   node scripts/audit.mjs http://127.0.0.1:8080/graphql
//
// Prints one line per audit: `PASS|FAIL|WARN <id> <name>` (a failure's reason follows,
// indented), then exactly `N passed, N failed`. MUST and SHOULD failures count as failed;
// MAY failures are printed as WARN and not counted. Exit code 1 if anything failed.
import { serverAudits } from 'graphql-http';

const TIMEOUT_MS = Number(process.env.AUDIT_TIMEOUT_MS ?? 10_000);

const url = process.argv[2];
if (!url || !/^https?:\/\//.test(url)) {
  console.error('usage: node scripts/audit.mjs <graphql-url>   e.g. http://127.0.0.1:8080/graphql');
  process.exit(2);
}

/** fetch with a per-request timeout so a hung server fails the audit instead of hanging CI. */
const fetchWithTimeout = (input, init = {}) =>
  fetch(input, { ...init, signal: init.signal ?? AbortSignal.timeout(TIMEOUT_MS) });

function indent(text) {
  return String(text)
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

const audits = serverAudits({ url, fetchFn: fetchWithTimeout });
let passed = 0;
let failed = 0;
let warned = 0;

console.log(`graphql-http server audits against ${url} (${audits.length} audits)`);
for (const audit of audits) {
  const level = audit.name.split(' ', 1)[0]; // MUST | SHOULD | MAY
  let ok;
  let reason = '';
  try {
    const result = await audit.fn();
    ok = result.status === 'ok';
    if (!ok) {
      reason = result.reason;
      if (result.response) {
        reason += `\n(HTTP ${result.response.status} ${result.response.headers.get('content-type') ?? 'no content-type'})`;
      }
    }
  } catch (err) {
    ok = false;
    reason = `audit threw: ${err?.cause?.message ?? err?.message ?? String(err)}`;
  }

  if (ok) {
    passed += 1;
    console.log(`PASS ${audit.id} ${audit.name}`);
  } else if (level === 'MAY') {
    warned += 1;
    console.log(`WARN ${audit.id} ${audit.name}`);
    console.log(indent(reason));
  } else {
    failed += 1;
    console.log(`FAIL ${audit.id} ${audit.name}`);
    console.log(indent(reason));
  }
}

console.log(`(${warned} MAY-level warning${warned === 1 ? '' : 's'} not counted as failures)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
