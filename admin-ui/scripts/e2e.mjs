#!/usr/bin/env node
// Browser end-to-end checks of the admin UI and the offline GraphiQL, in Debian's chromium.
//
//   node scripts/e2e.mjs http://127.0.0.1:8080
//   E2E_LOGIN=admin E2E_PASSWORD=... node scripts/e2e.mjs http://127.0.0.1:8080
//
// Every request to a host other than 127.0.0.1 / localhost / ::1 (or the base URL's own host)
// is aborted and reported as a failure, proving the pages work with no internet access.
//
// Environment:
//   E2E_LOGIN, E2E_PASSWORD  staff (MODERATOR/ADMIN) credentials; without them the sign-in check is skipped
//   E2E_SCREENSHOTS          screenshot directory (default: admin-ui/e2e-screenshots)
//   E2E_CHROMIUM             browser binary (default: /usr/bin/chromium)
//   E2E_TIMEOUT_MS           per-step timeout (default: 15000)
//
// Ends with exactly `N passed, N failed`; exit code 1 on any failure.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(SCRIPT_DIR, '..', 'e2e-screenshots'));
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15_000);
const LOGIN = process.env.E2E_LOGIN || '';
const PASSWORD = process.env.E2E_PASSWORD || '';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const baseArg = process.argv[2];
if (!baseArg || !/^https?:\/\//.test(baseArg)) {
  console.error('usage: node scripts/e2e.mjs <base-url>   e.g. http://127.0.0.1:8080');
  process.exit(2);
}
const BASE = baseArg.replace(/\/+$/, '');
const BASE_HOST = new URL(BASE).hostname;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', BASE_HOST]);

// ---------------------------------------------------------------- reporting
let passed = 0;
let failed = 0;
const skipped = [];

function finish() {
  if (skipped.length) for (const s of skipped) console.log(`SKIP ${s}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

function pass(name, detail = '') {
  passed += 1;
  console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
}

function fail(name, reason) {
  failed += 1;
  console.log(`FAIL ${name}`);
  // eslint-disable-next-line no-control-regex
  const text = String(reason).replace(/\x1b\[[0-9;]*m/g, '').trim();
  for (const line of text.split('\n')) if (line.trim()) console.log(`    ${line}`);
}

if (!existsSync(CHROMIUM)) {
  fail('chromium available', `${CHROMIUM} not found: install Debian's chromium: apt-get install -y chromium`);
  finish();
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (err) {
  fail('playwright-core available', `cannot load playwright-core (run \`npm ci\` in admin-ui/): ${err.message}`);
  finish();
}

mkdirSync(SCREENSHOTS, { recursive: true });

// ---------------------------------------------------------------- browser setup
const isLocal = (url) => {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOCAL_HOSTS.has(u.hostname);
};

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const blockedRequests = [];

/** A fresh context + page whose network is confined to the local server. */
async function newPage(label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = { pageErrors: [], badResponses: [], console: [] };

  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    blockedRequests.push(`${label}: ${route.request().method()} ${url}`);
    return route.abort('internetdisconnected');
  });
  await page.routeWebSocket(
    (url) => !isLocal(url.href),
    (ws) => {
      blockedRequests.push(`${label}: WebSocket ${ws.url()}`);
      ws.close({ code: 1008, reason: 'blocked by e2e: not localhost' });
    },
  );
  page.on('pageerror', (err) => problems.pageErrors.push(err.stack || err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.console.push(msg.text());
  });
  page.on('response', (res) => {
    const req = res.request();
    // Asset loads (scripts, styles, documents) must succeed; GraphQL API answers are judged by the checks.
    if (res.status() >= 400 && ['document', 'script', 'stylesheet', 'font', 'image'].includes(req.resourceType())) {
      problems.badResponses.push(`${res.status()} ${req.method()} ${res.url()}`);
    }
  });
  page.on('requestfailed', (req) => {
    if (['document', 'script', 'stylesheet', 'font', 'image'].includes(req.resourceType()) && isLocal(req.url())) {
      problems.badResponses.push(`failed ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
    }
  });
  return { context, page, problems };
}

async function screenshot(page, name) {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
    return file;
  } catch (err) {
    console.log(`    (screenshot ${name} failed: ${err.message})`);
    return null;
  }
}

/** Runs one named check; an exception fails it (with a failure screenshot). */
async function check(name, page, fn) {
  try {
    const detail = await fn();
    pass(name, detail || '');
    return true;
  } catch (err) {
    const shot = page ? await screenshot(page, `FAIL-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`) : null;
    fail(name, `${err.message.split('\n').slice(0, 6).join('\n')}${shot ? `\nscreenshot: ${shot}` : ''}`);
    return false;
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function problemsCheck(name, problems) {
  const lines = [
    ...problems.pageErrors.map((e) => `uncaught: ${e.split('\n')[0]}`),
    ...problems.badResponses.map((r) => `asset: ${r}`),
  ];
  if (lines.length) fail(name, lines.join('\n'));
  else pass(name);
  if (problems.console.length) {
    console.log(`    (browser console errors, informational: ${problems.console.slice(0, 3).join(' | ')})`);
  }
}

// ---------------------------------------------------------------- (a) GraphiQL at GET /graphql
{
  const { context, page, problems } = await newPage('graphiql');
  const url = `${BASE}/graphql`;
  let rendered = false;

  await check('graphiql: GET /graphql from a browser returns the IDE page', page, async () => {
    const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
    assert(res, `no response for ${url}`);
    const type = res.headers()['content-type'] || '';
    assert(res.status() === 200, `HTTP ${res.status()} for ${url}`);
    assert(type.includes('text/html'), `content-type "${type}" is not text/html`);
    return `HTTP 200 ${type}`;
  });

  rendered = await check('graphiql: editor renders', page, async () => {
    await page.locator('.graphiql-container').first().waitFor({ state: 'visible' });
    await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor({ state: 'visible' });
    await page.locator('.graphiql-execute-button').first().waitFor({ state: 'visible' });
    await screenshot(page, '01-graphiql');
  });

  await check('graphiql: { __typename } runs and the result pane shows "__typename"', page, async () => {
    assert(rendered, 'editor did not render');
    const query = '{ __typename }';
    const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    // insertText avoids CodeMirror's bracket auto-closing, which keystroke typing would trigger.
    await page.keyboard.insertText(query);
    const readQuery = () =>
      page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror?.getValue() ?? null);
    let typed = await readQuery();
    if (typed !== null && typed.trim() !== query) {
      // Fall back to CodeMirror's API if the keyboard path was transformed by an editor addon.
      await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), query);
      typed = await readQuery();
    }
    assert(typed === null || typed.trim() === query, `query editor holds ${JSON.stringify(typed)}`);

    await page.locator('.graphiql-execute-button').first().click();
    const readResult = () =>
      page.evaluate(() => {
        const cm = document.querySelector('.graphiql-response .CodeMirror');
        return cm?.CodeMirror?.getValue() ?? document.querySelector('.graphiql-response')?.textContent ?? '';
      });
    try {
      await page.waitForFunction(
        () => {
          const cm = document.querySelector('.graphiql-response .CodeMirror');
          const text = cm?.CodeMirror?.getValue() ?? document.querySelector('.graphiql-response')?.textContent ?? '';
          return text.includes('"__typename"');
        },
        null,
        { timeout: TIMEOUT },
      );
    } catch {
      const text = (await readResult()).trim();
      throw new Error(`result pane does not contain "__typename"; it shows: ${text.slice(0, 400) || '(empty)'}`);
    }
    await screenshot(page, '02-graphiql-result');
    const text = (await readResult()).replace(/\s+/g, ' ').trim();
    return text.slice(0, 80);
  });

  problemsCheck('graphiql: no uncaught errors or failed asset loads', problems);
  await context.close();
}

// ---------------------------------------------------------------- (b) admin UI at /admin/
{
  const { context, page, problems } = await newPage('admin');
  const url = `${BASE}/admin/`;
  let formOk = false;

  formOk = await check('admin: /admin/ renders the login form', page, async () => {
    const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
    assert(res && res.status() === 200, `HTTP ${res ? res.status() : 'no response'} for ${url}`);
    await page.getByRole('heading', { name: 'Lyceum admin' }).waitFor({ state: 'visible' });
    await page.locator('form.login-form').waitFor({ state: 'visible' });
    await page.getByLabel('Email or username').waitFor({ state: 'visible' });
    await page.getByLabel('Password').waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
    await screenshot(page, '03-admin-login-form');
  });

  const submit = async (login, password) => {
    await page.getByLabel('Email or username').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const outcome = page.locator('.signed-in, .form-error:not([hidden])').first();
    await outcome.waitFor({ state: 'visible' });
    const isError = await outcome.evaluate((el) => el.classList.contains('form-error'));
    return {
      isError,
      text: (await outcome.textContent())?.trim() ?? '',
      code: isError ? await outcome.getAttribute('data-error-code') : null,
    };
  };

  await check('admin: bad credentials show an error message', page, async () => {
    assert(formOk, 'login form did not render');
    const r = await submit(`e2e-no-such-user-${Date.now()}`, 'wrong-password');
    assert(r.isError, `expected an error, got "${r.text}"`);
    assert(r.text.length > 0, 'error element is empty');
    await screenshot(page, '04-admin-bad-login');
    return `${r.text}${r.code ? ` [${r.code}]` : ' [no data-error-code]'}`;
  });

  if (LOGIN && PASSWORD) {
    await check('admin: staff login shows "Signed in as"', page, async () => {
      assert(formOk, 'login form did not render');
      const r = await submit(LOGIN, PASSWORD);
      assert(!r.isError, `login failed: ${r.text}${r.code ? ` [${r.code}]` : ''}`);
      assert(r.text.startsWith('Signed in as '), `unexpected text "${r.text}"`);
      await screenshot(page, '05-admin-signed-in');
      return r.text;
    });
  } else {
    skipped.push('admin: staff login (set E2E_LOGIN and E2E_PASSWORD to run it)');
  }

  problemsCheck('admin: no uncaught errors or failed asset loads', problems);
  await context.close();
}

await browser.close();

// ---------------------------------------------------------------- offline proof
if (blockedRequests.length) {
  fail('offline: no requests left localhost', `blocked ${blockedRequests.length}:\n${blockedRequests.join('\n')}`);
} else {
  pass('offline: no requests left localhost');
}
console.log(`screenshots: ${SCREENSHOTS}`);
finish();
