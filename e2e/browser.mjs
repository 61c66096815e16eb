// Opens the playground in headless Chromium, reads its tabs and runs the
// first as it opens, offline, and checks the answer shows, with no request leaving loopback and nothing
// the page's Content-Security-Policy blocks; then types a token in the
// headers tab and reports where the page keeps it. Prints one JSON line;
// saves a screenshot.
// Usage: node browser.mjs http://127.0.0.1:4006 artifacts/playground.png
import { launch, offlineContext } from './chromium.mjs';

const [base, screenshot] = process.argv.slice(2);
const token = 'typed-secret-42';
const browser = await launch();
const result = { outside: [], tabs: [], dashboardLink: false, answered: false, text: '', policy: '', nosniff: '', blocked: [], local: '', session: false };
try {
  const context = await offlineContext(browser, { width: 1400, height: 800 }, result.outside);
  await context.addInitScript(() => {
    window.blocked = [];
    document.addEventListener('securitypolicyviolation', (e) => window.blocked.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const response = await page.goto(base + '/');
  result.policy = (await response.headerValue('content-security-policy')) || '';
  result.nosniff = (await response.headerValue('x-content-type-options')) || '';
  const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
  await editor.waitFor({ timeout: 15000 });
  result.tabs = await page.locator('.graphiql-tab').allInnerTexts();
  result.dashboardLink = await page.locator('a#dashboard').isVisible();
  await page.locator('.graphiql-execute-button').click(); // the first tab, as the page opens
  const answer = page.locator('.graphiql-response');
  await answer.getByText('orderCount').waitFor({ timeout: 15000 });
  result.text = await answer.innerText();
  result.answered = result.text.includes('formatted');
  await page.screenshot({ path: screenshot });

  await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').first();
  await headers.waitFor({ timeout: 5000 });
  await headers.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(`{"Authorization": "Bearer ${token}"}`);
  await page.waitForTimeout(1500); // GraphiQL writes its state after 500 ms
  const kept = await page.evaluate((t) => ({
    local: Object.keys(localStorage).filter((k) => localStorage.getItem(k).includes(t)).join(','),
    session: Object.keys(sessionStorage).some((k) => sessionStorage.getItem(k).includes(t)),
  }), token);
  Object.assign(result, kept);
  result.blocked = await page.evaluate(() => window.blocked);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
