// The admin console at /admin/, against a server with the demo seed: sign-in and refusals,
// the moderation queue (hide a reported post, then check as a learner through the API that
// it is hidden), users (search, suspend, lift), an expired session coming back to its
// screen, and every screen in English and 中文 as screenshots.
import { BASE, apiLogin, assert, check, gql, newPage, problemsCheck, screenshot, skipped } from './harness.mjs';

const ADMIN = process.env.E2E_ADMIN || '';
const MODERATOR = process.env.E2E_MODERATOR || '';
const LEARNER = process.env.E2E_LEARNER || '';
const PASSWORD = process.env.E2E_PASSWORD || '';

const POST_OF_ITEM = `query($first: Int!) { moderationQueue(first: $first, filter: { status: OPEN }) {
  nodes { id targetType thread { id hidden } answer { id hidden } comment { id hidden } } } }`;

// Each nav entry (its 中文 label), what shows once its screen has loaded, a screenshot name.
const ZH_SCREENS = [
  ['概览', '[data-testid=chart-activity] canvas', 'dashboard'],
  ['审核队列', '[data-testid=moderation-detail], .state.empty', 'moderation'],
  ['操作日志', '[data-testid=moderation-log], .state.empty', 'moderation-log'],
  ['帖子', '[data-testid=threads], .state.empty', 'threads'],
  ['用户', '[data-testid=users-count]', 'users'],
  ['课程', '[data-testid=courses], .state.empty', 'courses'],
  ['奖励', '[data-testid=reward-rules]', 'rewards'],
  ['推荐', '[data-testid=models], .state.empty', 'recommendations'],
  ['实验', '[data-testid=experiments], .state.empty', 'experiments'],
];

/** Fails when a button, link, heading or label of the page is still in English. */
async function assertNoEnglishChrome(page) {
  const english = await page.evaluate(() =>
    [...document.querySelectorAll('nav a, h2, h3, label > span, th[scope=col], button:not(.queue-item):not(.link), [role=tab], legend, figcaption')]
      .map((el) => el.textContent?.trim() ?? '')
      .filter((text) => /^[A-Za-z][a-z]+( [a-z]+)+$/.test(text)),
  );
  assert(english.length === 0, `untranslated: ${english.slice(0, 5).join(' | ')}`);
}

export async function adminChecks() {
  const { context, page, problems } = await newPage('admin');
  const signIn = async (login, password) => {
    await page.getByLabel(/Email or username|邮箱或用户名/).fill(login);
    await page.getByLabel(/^(Password|密码)$/).fill(password);
    await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  };
  const outcome = async () => {
    const el = page.locator('.signed-in, [role=alert]').first();
    await el.waitFor({ state: 'visible' });
    return { text: (await el.textContent())?.trim() ?? '', code: await el.getAttribute('data-error-code') };
  };

  const formOk = await check('admin: /admin/ sends a signed-out visitor to the login form', page, async () => {
    const res = await page.goto(`${BASE}/admin/`, { waitUntil: 'domcontentloaded' });
    assert(res && res.status() === 200, `HTTP ${res ? res.status() : 'no response'}`);
    await page.locator('form.login-form').waitFor({ state: 'visible' });
    assert(page.url().endsWith('/admin/login'), `at ${page.url()}`);
    await screenshot(page, '10-admin-login-en');
  });

  await check('admin: bad credentials show a coded error', page, async () => {
    assert(formOk, 'login form did not render');
    await signIn(`e2e-no-such-user-${Date.now()}`, 'wrong-password');
    const r = await outcome();
    assert(r.code && r.code !== 'unknown', `no error code on "${r.text}"`);
    await screenshot(page, '11-admin-bad-login-en');
    return `${r.text} [${r.code}]`;
  });

  if (!(ADMIN && MODERATOR && LEARNER && PASSWORD)) {
    skipped.push('admin: console flows (set E2E_ADMIN, E2E_MODERATOR, E2E_LEARNER and E2E_PASSWORD)');
    problemsCheck('admin: no uncaught errors or failed asset loads', problems);
    await context.close();
    return;
  }

  await check('admin: a learner is refused with a clear message', page, async () => {
    await signIn(LEARNER, PASSWORD);
    const r = await outcome();
    assert(r.code === 'ROLE_NOT_ALLOWED', `got "${r.text}" [${r.code}]`);
    return r.text;
  });

  const signedIn = await check('admin: a moderator signs in to the dashboard', page, async () => {
    await signIn(MODERATOR, PASSWORD);
    const r = await outcome();
    assert(r.text.startsWith(`Signed in as ${MODERATOR}`), `got "${r.text}" [${r.code}]`);
    await page.getByTestId('open-queue').waitFor({ state: 'visible' });
    await screenshot(page, '12-admin-dashboard-en');
    return (await page.getByTestId('open-queue').textContent())?.trim();
  });

  // -------------------------------------------------------------- moderation queue
  await check('admin: hiding a reported post in the queue hides it from learners', page, async () => {
    assert(signedIn, 'not signed in');
    const modToken = await apiLogin(MODERATOR, PASSWORD);
    const { moderationQueue } = await gql(POST_OF_ITEM, { first: 25 }, modToken);
    const postOf = (i) => ({ THREAD: i.thread, ANSWER: i.answer, COMMENT: i.comment })[i.targetType];
    const item = moderationQueue.nodes.find((i) => postOf(i) && !postOf(i).hidden);
    assert(item, 'the demo queue has no open item on a visible post');
    const post = postOf(item);

    await page.getByRole('link', { name: 'Moderation queue' }).click();
    await page.locator(`button[data-item-id="${item.id}"]`).click();
    await page.locator(`[data-testid=moderation-detail][data-item-id="${item.id}"]`).waitFor();
    await screenshot(page, '13-admin-moderation-en');
    await page.locator('button[data-action=HIDE_CONTENT]').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    await screenshot(page, '14-admin-moderation-confirm-en');
    await dialog.getByRole('button', { name: 'Hide content' }).click();
    await page.getByTestId('resolved').waitFor({ state: 'visible' });

    const learnerToken = await apiLogin(LEARNER, PASSWORD);
    const seen = await gql(
      `query($id: ID!) { node(id: $id) { ... on Thread { hidden body } ... on Answer { hidden body } ... on Comment { hidden body } } }`,
      { id: post.id },
      learnerToken,
    );
    assert(seen.node?.hidden === true && seen.node.body === null, `a learner sees ${JSON.stringify(seen.node)}`);
    const after = await gql('{ moderationQueue(first: 100, filter: { status: OPEN }) { nodes { id } } }', {}, modToken);
    assert(!after.moderationQueue.nodes.some((i) => i.id === item.id), 'the item is still open');
    return `${item.targetType} ${post.id}`;
  });

  await check('admin: the moderation log shows the resolution, filtered by action', page, async () => {
    assert(signedIn, 'not signed in');
    await page.getByRole('link', { name: 'Moderation log' }).click();
    await page.locator('select[name=action]').selectOption('RESOLVE_REPORT');
    const rows = page.locator('[data-testid=moderation-log] tbody tr');
    await rows.first().waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=moderation-log] tbody tr')].every((r) => r.getAttribute('data-action') === 'RESOLVE_REPORT'),
    );
    const first = (await rows.first().textContent()) ?? '';
    assert(first.includes(`@${MODERATOR}`), `newest entry: ${first}`);
    await screenshot(page, '18-admin-moderation-log-en');
    return `${await rows.count()} rows`;
  });

  // -------------------------------------------------------------- threads
  await check('admin: pinning and featuring a thread puts it at the head of the lists', page, async () => {
    assert(signedIn, 'not signed in');
    const learnerToken = await apiLogin(LEARNER, PASSWORD);
    const { threads } = await gql('{ threads(first: 30, orderBy: NEW, filter: { pinned: false, featured: false }) { nodes { id title } } }', {}, learnerToken);
    const thread = threads.nodes[threads.nodes.length - 1];
    assert(thread, 'no community thread to curate');

    await page.getByRole('link', { name: 'Threads' }).click();
    await page.getByLabel('Search titles, text and tags').fill(thread.title);
    const row = page.locator(`tr[data-thread-id="${thread.id}"]`);
    await row.waitFor();
    await screenshot(page, '19-admin-threads-en');
    await row.getByRole('checkbox').check();
    for (const action of ['PIN', 'FEATURE']) {
      await page.locator('form.bulk select[name=action]').selectOption(action);
      if (action === 'PIN') await page.locator('form.bulk select[name=scope]').selectOption('GLOBAL');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
      await page.getByTestId('curation-results').filter({ hasText: 'Done: 1, refused: 0.' }).waitFor();
      await row.getByRole('checkbox').check();
    }
    await row.getByTestId('thread-state').filter({ hasText: 'Pinned' }).filter({ hasText: 'Featured' }).waitFor();

    const pinned = await gql('{ threads(first: 5, filter: { pinned: true }) { nodes { id } } }', {}, learnerToken);
    const featured = await gql('{ threads(first: 5, orderBy: NEW, filter: { featured: true }) { nodes { id featuredAt } } }', {}, learnerToken);
    assert(pinned.threads.nodes.some((n) => n.id === thread.id), 'not among the pinned threads a learner sees');
    assert(featured.threads.nodes.some((n) => n.id === thread.id), 'not among the featured threads a learner sees');
    return thread.title;
  });

  await check('admin: a bulk lock reports each thread', page, async () => {
    assert(signedIn, 'not signed in');
    await page.getByLabel('Search titles, text and tags').fill('');
    await page.locator('[data-testid=threads] tbody tr').nth(2).waitFor();
    const rows = page.locator('[data-testid=threads] tbody tr');
    const ids = [await rows.nth(1).getAttribute('data-thread-id'), await rows.nth(2).getAttribute('data-thread-id')];
    await rows.nth(1).getByRole('checkbox').check();
    await rows.nth(2).getByRole('checkbox').check();
    await page.getByTestId('selected-count').filter({ hasText: '2' }).waitFor();
    await page.locator('form.bulk select[name=action]').selectOption('LOCK');
    await page.locator('form.bulk input[name=reason]').fill('e2e: heated');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('curation-results').filter({ hasText: 'Done: 2, refused: 0.' }).waitFor();
    const modToken = await apiLogin(MODERATOR, PASSWORD);
    for (const id of ids) {
      const { node } = await gql('query($id: ID!) { node(id: $id) { ... on Thread { isLocked } } }', { id }, modToken);
      assert(node.isLocked === true, `thread ${id} is not locked`);
    }
  });

  // -------------------------------------------------------------- users
  await check('admin: a moderator finds a learner, suspends them, then lifts it', page, async () => {
    assert(signedIn, 'not signed in');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search by name, username or email').fill(LEARNER);
    const row = page.locator(`tr[data-user="${LEARNER}"]`);
    await row.waitFor({ state: 'visible' });
    await screenshot(page, '15-admin-users-en');
    await row.getByRole('link', { name: LEARNER }).click();
    await page.getByTestId('user-facts').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('e2e: repeated spam');
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('user-status').filter({ hasText: 'Suspended' }).waitFor();
    await screenshot(page, '16-admin-user-suspended-en');

    const learnerToken = await apiLogin(LEARNER, PASSWORD);
    const me = await gql('{ me { status } }', {}, learnerToken);
    assert(me.me.status === 'SUSPENDED', `the API says ${me.me.status}`);

    await page.getByRole('button', { name: 'Lift suspension' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('user-status').filter({ hasText: 'Active' }).waitFor();
    // Both actions are in the member's moderation history, newest first.
    const history = page.getByTestId('moderation-history').locator('tr');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=moderation-history] tr').length >= 2);
    assert((await history.nth(0).getAttribute('data-action')) === 'UNSUSPEND', 'newest history row is not UNSUSPEND');
    assert((await history.nth(1).textContent())?.includes('e2e: repeated spam'), 'the suspension reason is not in the history');
  });

  // -------------------------------------------------------------- expired session
  await check('admin: an expired session returns to sign-in, then to the same screen', page, async () => {
    assert(signedIn, 'not signed in');
    await page.goto(`${BASE}/admin/users?q=${encodeURIComponent(LEARNER)}`);
    await page.locator(`tr[data-user="${LEARNER}"]`).waitFor();
    // Both tokens stop working, as after a long absence.
    await page.evaluate(() => {
      const key = 'lyceum.admin.session';
      const session = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.setItem(key, JSON.stringify({ ...session, accessToken: 'expired', refreshToken: 'expired' }));
    });
    await page.reload();
    await page.getByTestId('session-expired').waitFor({ state: 'visible' });
    await signIn(MODERATOR, PASSWORD);
    await page.locator(`tr[data-user="${LEARNER}"]`).waitFor();
    const url = new URL(page.url());
    assert(url.pathname === '/admin/users' && url.searchParams.get('q') === LEARNER, `back at ${page.url()}`);
  });

  // -------------------------------------------------------------- 中文
  await check('admin: every screen in 中文', page, async () => {
    assert(signedIn, 'not signed in');
    await page.getByTestId('language').selectOption('zh-CN');
    try {
    assert((await page.locator('html').getAttribute('lang')) === 'zh-CN', 'html lang is not zh-CN');
    for (const [i, [link, ready, name]] of ZH_SCREENS.entries()) {
      await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: link, exact: true }).click();
      await page.locator(ready).first().waitFor();
      await assertNoEnglishChrome(page);
      await screenshot(page, `${30 + i}-admin-${name}-zh`);
    }
    await page.getByRole('navigation', { name: '栏目' }).getByRole('link', { name: '用户', exact: true }).click();
    await page.locator('input[name=q]').fill(LEARNER);
    await page.locator(`tr[data-user="${LEARNER}"]`).getByRole('link', { name: LEARNER }).click();
    await page.getByTestId('user-facts').waitFor();
    await assertNoEnglishChrome(page);
    await screenshot(page, '39-admin-user-zh');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.locator('form.login-form').waitFor();
    await screenshot(page, '29-admin-login-zh');
    } finally {
      // Whatever happened, the checks after this one start signed out, in English.
      await page.getByTestId('language').selectOption('en');
      await page.evaluate(() => sessionStorage.clear());
      await page.goto(`${BASE}/admin/login`);
    }
  });

  // -------------------------------------------------------------- admin only
  await check('admin: an administrator changes a role; a moderator cannot', page, async () => {
    await signIn(ADMIN, PASSWORD);
    await outcome();
    await page.goto(`${BASE}/admin/users?q=${encodeURIComponent(LEARNER)}`);
    await page.locator(`tr[data-user="${LEARNER}"]`).getByRole('link', { name: LEARNER }).click();
    await page.getByTestId('user-facts').waitFor();
    await page.getByRole('form', { name: 'Change role' }).locator('select[name=role]').selectOption('CREATOR');
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('user-role').filter({ hasText: 'Creator' }).waitFor();
    await screenshot(page, '17-admin-user-role-en');
    // Points by hand, with a reason: in the balance through the API.
    const { users: found } = await gql('query($q: String!) { users(first: 1, filter: { search: $q }) { nodes { points } } }', { q: LEARNER }, await apiLogin(ADMIN, PASSWORD));
    await page.locator('input[name=adjustPoints]').fill('25');
    await page.locator('input[name=adjustReason]').fill('e2e: ran the study group');
    await page.getByRole('button', { name: 'Adjust points' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('action-done').filter({ hasText: 'Points changed by +25.' }).waitFor();
    const { users: after } = await gql('query($q: String!) { users(first: 1, filter: { search: $q }) { nodes { points } } }', { q: LEARNER }, await apiLogin(ADMIN, PASSWORD));
    assert(after.nodes[0].points === found.nodes[0].points + 25, `points ${found.nodes[0].points} → ${after.nodes[0].points}`);
    const modToken = await apiLogin(MODERATOR, PASSWORD);
    const { users } = await gql('query($q: String!) { users(first: 1, filter: { search: $q }) { nodes { id role } } }', { q: LEARNER }, modToken);
    const learner = users.nodes[0];
    assert(learner.role === 'CREATOR', `the API says ${learner.role}`);
    const refused = await gql('mutation($id: ID!) { setUserRole(userId: $id, role: ADMIN) { role } }', { id: learner.id }, modToken)
      .then(() => 'allowed')
      .catch((e) => e.message);
    assert(refused.startsWith('FORBIDDEN'), `a moderator's role change was ${refused}`);
  });

  await check('admin: an administrator changes a reward rule', page, async () => {
    await page.getByRole('link', { name: 'Rewards' }).click();
    const row = page.locator('[data-testid=reward-rules] tbody tr').first();
    await row.waitFor();
    const key = await row.getAttribute('data-rule');
    const input = row.getByRole('spinbutton');
    const points = Number(await input.inputValue()) + 3;
    await input.fill(String(points));
    await row.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('rule-saved').waitFor();
    await screenshot(page, '40-admin-rewards-en');
    const adminToken = await apiLogin(ADMIN, PASSWORD);
    const { rewardRules } = await gql('{ rewardRules { key points } }', {}, adminToken);
    assert(rewardRules.find((r) => r.key === key)?.points === points, `${key} is not ${points} through the API`);
    for (const tab of ['Ledger', 'Leaderboard', 'Payouts']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('[role=tabpanel]').waitFor();
      await screenshot(page, `41-admin-rewards-${tab.toLowerCase()}-en`);
    }
    return `${key} = ${points}`;
  });

  await check('admin: retraining the recommender shows live progress and a new version', page, async () => {
    await page.getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('button', { name: 'Retrain now' }).waitFor();
    await page.locator('[data-testid=models], .state.empty').first().waitFor();
    const before = await page.locator('[data-testid=models] tbody tr').count();
    await page.getByRole('button', { name: 'Retrain now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    const outcome = page.getByTestId('training-outcome');
    await page.getByTestId('training-progress').waitFor();
    await outcome.waitFor({ timeout: 180_000 });
    const status = await outcome.getAttribute('data-status');
    assert(status === 'READY', `training ended ${status}: ${await outcome.textContent()}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=models] tbody tr').length > n, before);
    // The new version serves (every instance swaps to it), with its interest groups.
    await page.locator('[data-testid=models] tbody tr').first().filter({ hasText: 'Serving' }).waitFor();
    await page.getByTestId('interest-groups').locator('canvas').waitFor();
    await page.locator('[data-testid=interest-groups], .state.empty').first().waitFor();
    await screenshot(page, '42-admin-recommendations-en');
    return `${before} → ${await page.locator('[data-testid=models] tbody tr').count()} versions`;
  });

  await check('admin: an experiment is created, started and shows its results', page, async () => {
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByText('New experiment').click();
    await page.getByLabel('Key', { exact: true }).fill('e2e-onboarding');
    await page.getByLabel('Conversion event').fill('ENROL');
    await page.getByRole('button', { name: 'Create as draft' }).click();
    const row = page.locator('tr[data-experiment="e2e-onboarding"]');
    await row.waitFor();
    await row.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await row.filter({ hasText: 'Running' }).waitFor();
    await page.getByTestId('experiment-results').filter({ hasText: 'control' }).waitFor();
    await screenshot(page, '43-admin-experiments-en');
    // A refusal (the same key again) is shown in words, and what was typed stays.
    await page.getByLabel('Key', { exact: true }).fill('e2e-onboarding');
    await page.getByRole('button', { name: 'Create as draft' }).click();
    const refusal = page.locator('details.create [role=alert]');
    await refusal.waitFor();
    assert((await page.getByLabel('Key', { exact: true }).inputValue()) === 'e2e-onboarding', 'the typed key was lost');
    return `refused again: ${await refusal.getAttribute('data-error-code')}`;
  });

  await check('admin: courses show enrolments, rating and revenue; the dashboard draws its charts', page, async () => {
    await page.getByRole('link', { name: 'Courses' }).click();
    await page.locator('select[name=order]').selectOption('POPULAR');
    const revenue = page.locator('[data-testid=courses] [data-testid=revenue]').first();
    await revenue.waitFor();
    const topRevenue = (await revenue.textContent())?.trim();
    assert(topRevenue && topRevenue !== '—', `the most popular course shows revenue "${topRevenue}"`);
    await screenshot(page, '44-admin-courses-en');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    for (const chart of ['activity', 'members', 'funnel', 'health', 'points']) {
      await page.locator(`[data-testid=chart-${chart}] canvas`).waitFor();
    }
    await page.locator('[data-testid=chart-retention] table').waitFor();
    await screenshot(page, '45-admin-dashboard-en');
    return `top course revenue ${topRevenue}`;
  });

  problemsCheck('admin: no uncaught errors or failed asset loads', problems);
  await context.close();
}
