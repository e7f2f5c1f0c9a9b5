// The offline GraphiQL served for browser GETs of /graphql.
import { BASE, TIMEOUT, assert, check, newPage, problemsCheck, screenshot } from './harness.mjs';

export async function graphiqlChecks() {
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
