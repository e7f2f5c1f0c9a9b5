#!/usr/bin/env node
// Browser end-to-end checks of the admin UI and the offline GraphiQL, in Debian's chromium.
//
//   node scripts/e2e.mjs http://127.0.0.1:8080
//   E2E_ADMIN=admin E2E_MODERATOR=moderator E2E_LEARNER=learner_ana E2E_PASSWORD=lyceum-demo-2026 \
//     node scripts/e2e.mjs http://127.0.0.1:8080     (a server with the demo seed)
//
// Every request to a host other than 127.0.0.1 / localhost / ::1 (or the base URL's own host)
// is aborted and reported as a failure, proving the pages work with no internet access.
//
// Environment:
//   E2E_ADMIN, E2E_MODERATOR, E2E_LEARNER, E2E_PASSWORD
//                            demo accounts; without them only the signed-out checks run
//   E2E_SCREENSHOTS          screenshot directory (default: admin-ui/e2e-screenshots)
//   E2E_CHROMIUM             browser binary (default: /usr/bin/chromium)
//   E2E_TIMEOUT_MS           per-step timeout (default: 15000)
//
// Ends with exactly `N passed, N failed`; exit code 1 on any failure.
import { blockedRequests, browser, fail, finish, pass, SCREENSHOTS } from './e2e/harness.mjs';
import { adminChecks } from './e2e/admin.mjs';
import { graphiqlChecks } from './e2e/graphiql.mjs';

await graphiqlChecks();
await adminChecks();
await browser.close();

// ---------------------------------------------------------------- offline proof
if (blockedRequests.length) {
  fail('offline: no requests left localhost', `blocked ${blockedRequests.length}:\n${blockedRequests.join('\n')}`);
} else {
  pass('offline: no requests left localhost');
}
console.log(`screenshots: ${SCREENSHOTS}`);
finish();
