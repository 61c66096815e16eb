// Opens the playground in headless Chromium, runs a revenue query and
// checks the answer shows, with no request leaving loopback. Prints one
// JSON line; saves a screenshot.
// Usage: node browser.mjs http://127.0.0.1:4006 artifacts/playground.png
import { launch, offlineContext } from './chromium.mjs';

const [base, screenshot] = process.argv.slice(2);
const browser = await launch();
const result = { outside: [], answered: false, text: '' };
try {
  const context = await offlineContext(browser, { width: 1400, height: 800 }, result.outside);
  const page = await context.newPage();
  await page.goto(base + '/');
  const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
  await editor.waitFor({ timeout: 15000 });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type('{ revenue { total { formatted } orderCount } }');
  await page.locator('.graphiql-execute-button').click();
  const response = page.locator('.graphiql-response');
  await response.getByText('orderCount').waitFor({ timeout: 15000 });
  result.text = await response.innerText();
  result.answered = result.text.includes('formatted');
  await page.screenshot({ path: screenshot });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
