#!/usr/bin/env node
// How long each admin screen takes to show its data, e.g. on the `seed --scale 1` database
// (100,000 users, 200,000 threads), and paging through a 100,000-row list:
//   LOGIN=some_admin PASSWORD=... node scripts/screen-timings.mjs http://127.0.0.1:8080
// Prints one line per screen (milliseconds until its data shows); screenshots go to
// SCREENSHOTS (default /tmp/screen-timings).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
const BASE = process.argv[2];
const SHOTS = process.env.SCREENSHOTS || '/tmp/screen-timings';
mkdirSync(SHOTS, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(60000);
await page.goto(`${BASE}/admin/login`);
await page.getByLabel(/Email or username/).fill(process.env.LOGIN ?? '');
await page.getByLabel(/^Password$/).fill(process.env.PASSWORD ?? '');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.locator('.signed-in').waitFor();
for (const [path, ready] of [
  ['/admin/', '[data-testid=chart-activity] canvas'],
  ['/admin/users', '[data-testid=users-count]'],
  ['/admin/users?q=user0001', '[data-testid=users-count], .state.empty'],
  ['/admin/threads', '[data-testid=threads]'],
  ['/admin/threads?q=rust', '[data-testid=threads], .state.empty'],
  ['/admin/courses', '[data-testid=courses]'],
  ['/admin/moderation', '[data-testid=moderation-detail], .state.empty'],
  ['/admin/moderation/log', '[data-testid=moderation-log], .state.empty'],
  ['/admin/rewards?tab=leaderboard', '[data-testid=leaderboard]'],
  ['/admin/rewards?tab=payouts', '[data-testid=payouts], .state.empty'],
  ['/admin/recommendations', '[data-testid=models], .state.empty'],
  ['/admin/experiments', '[data-testid=experiments], .state.empty'],
]) {
  const t0 = Date.now();
  await page.goto(`${BASE}${path}`);
  await page.locator(ready).first().waitFor();
  const ms = Date.now() - t0;
  const errors = await page.locator('[role=alert]').count();
  console.log(`${path.padEnd(34)} ${String(ms).padStart(6)} ms${errors ? `  (${errors} error notices)` : ''}`);
  await page.screenshot({ path: `${SHOTS}/${path.replace(/[^a-z]+/g, '-')}.png`, fullPage: false });
}
// Next pages of a 100,000-row list.
await page.goto(`${BASE}/admin/users`);
await page.locator('[data-testid=users-count]').waitFor();
const t0 = Date.now();
for (let i = 0; i < 5; i++) {
  const first = await page.locator('tbody tr').first().getAttribute('data-user');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.waitForFunction((f) => document.querySelector('tbody tr')?.getAttribute('data-user') !== f, first);
}
console.log(`users: 5 next pages in ${Date.now() - t0} ms; ${await page.getByTestId('users-count').textContent()}`);
await browser.close();
