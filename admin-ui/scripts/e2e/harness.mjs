// Shared harness of the browser checks: reporting, a browser confined to the local server,
// screenshots, and a GraphQL client for checking through the API what the UI did.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(SCRIPT_DIR, '..', 'e2e-screenshots'));
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15_000);
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

export const baseArg = process.argv[2];
if (!baseArg || !/^https?:\/\//.test(baseArg)) {
  console.error('usage: node scripts/e2e.mjs <base-url>   e.g. http://127.0.0.1:8080');
  process.exit(2);
}
export const BASE = baseArg.replace(/\/+$/, '');
const BASE_HOST = new URL(BASE).hostname;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', BASE_HOST]);

// ---------------------------------------------------------------- reporting
let passed = 0;
let failed = 0;
export const skipped = [];

export function finish() {
  if (skipped.length) for (const s of skipped) console.log(`SKIP ${s}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

export function pass(name, detail = '') {
  passed += 1;
  console.log(`PASS ${name}${detail ? ` (${detail})` : ''}`);
}

export function fail(name, reason) {
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

export const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
export const blockedRequests = [];

/** A fresh context + page whose network is confined to the local server. */
export async function newPage(label) {
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

export async function screenshot(page, name) {
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
export async function check(name, page, fn) {
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

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function problemsCheck(name, problems) {
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


/** Calls the API directly (not through the UI), to check what the UI did. */
export async function gql(query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${BASE}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new Error(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
  }
  return body.data;
}

export async function apiLogin(login, password) {
  const data = await gql('mutation($l: String!, $p: String!) { login(input: { login: $l, password: $p }) { accessToken } }', {
    l: login,
    p: password,
  });
  return data.login.accessToken;
}
