// Opens the dashboard in headless Chromium with no request allowed
// beyond loopback, and prints one JSON line: what the page showed, before
// and after an order completed in the demo and the payments service went
// down, its chat answer, and its layout at phone width. Saves screenshots.
// Usage: node dashboard.mjs BASE_URL CONTROL_URL ARTIFACTS_DIR
import { launch, offlineContext } from './chromium.mjs';

const [base, control, dir] = process.argv.slice(2);
const browser = await launch();
const result = { outside: [], consoleErrors: [] };
const text = (page, sel) => page.locator(sel).first().innerText();
try {
  const context = await offlineContext(browser, { width: 1280, height: 1000 }, result.outside);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.consoleErrors.push(String(e)));
  await page.goto(base + '/dashboard');
  await page.waitForFunction(() => document.querySelector('[data-f=total]')?.textContent !== '–'
    && document.querySelectorAll('#floor li').length > 0, null, { timeout: 20000 });

  result.before = await text(page, '#card-revenue [data-f=total]');
  result.orders = await text(page, '#card-revenue [data-f=orders]');
  // Like with like: last week up to the same time, and its whole day.
  result.lastWeek = await text(page, '#card-revenue [data-f=lastweek]');
  result.lastWeekLabel = await text(page, '#card-revenue [data-f=lastweek-label]');
  result.lastWeekWhole = await text(page, '#card-revenue [data-f=lastweek-whole]');
  result.until = await page.evaluate(() => window.maitreDashboard.figures.revenue.values.revenueSoFar.until);
  // Charts: the canvas has pixels drawn, the SVG charts have shapes.
  result.canvasInk = await page.evaluate(() => {
    const c = document.querySelector('#chart-revenue canvas');
    if (!c) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
    return ink;
  });
  result.bars = await page.locator('#chart-bestsellers rect').count();
  result.arcs = await page.locator('#chart-methods circle').count();
  result.tables = await page.locator('#floor li').count();
  result.pending = await page.locator('#pending li').count();
  result.unlabelled = await page.evaluate(() => [...document.querySelectorAll('input')]
    .filter((i) => !document.querySelector(`label[for="${i.id}"]`)).map((i) => i.id || i.name));
  result.textEquivalents = await page.evaluate(() => ({
    revenueRows: document.querySelectorAll('#table-revenue tr').length,
    bestSellerRows: document.querySelectorAll('#table-bestsellers tr').length,
    methodItems: document.querySelectorAll('#legend-methods li').length,
  }));

  // The insight cards against GraphQL asked at the same moment, read
  // again when today's figures moved on to another minute in between.
  const INSIGHTS = `{ dashboard {
    busyHours { busiest { weekday hour revenue { formatted } orders } cells { weekday hour revenue { formatted } } }
    stockCover(threshold: 14) { product { name } daysLeft runsOutOn }
    unusual { until figures { kind position value { money { formatted } count share } } } } }`;
  await page.waitForFunction(() => document.querySelectorAll('#chart-busy rect').length === 168
    && document.querySelector('#card-unusual [data-f=unusual]').textContent !== '' && document.querySelectorAll('#runout li').length > 0, null, { timeout: 20000 });
  for (let i = 0; i < 5; i++) {
    const query = await page.evaluate(async (q) => {
      const r = await fetch('/query', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${window.maitreDashboard.token}` }, body: JSON.stringify({ query: q }) });
      return (await r.json()).data.dashboard;
    }, INSIGHTS);
    const shown = await page.evaluate(() => ({
      until: window.maitreDashboard.figures.unusual.values.unusual.until,
      busiest: document.querySelector('#card-busy [data-f=busiest]').textContent,
      squares: document.querySelectorAll('#chart-busy rect').length,
      table: [...document.querySelectorAll('#table-busy tr')].slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      runout: [...document.querySelectorAll('#runout li')].map((li) => li.textContent),
      unusual: document.querySelector('#card-unusual [data-f=unusual]').textContent,
      unusualItems: [...document.querySelectorAll('#unusual li')].map((li) => li.textContent),
    }));
    result.insights = { query, shown };
    if (shown.until === query.unusual.until) break;
    await page.waitForTimeout(1000);
  }

  // The chat answers in a sentence, with the GraphQL folded away.
  await page.fill('#question', "What's my revenue today?");
  await page.click('#chat-form button');
  await page.locator('.turn .a').first().waitFor({ timeout: 20000 });
  result.answer = await text(page, '.turn .a');
  result.graphqlFolded = await page.locator('.turn details').count() === 1 && !(await page.locator('.turn details').first().getAttribute('open'));
  result.suggestions = await page.locator('#suggestions button').count();
  // A suggestion asked as a follow-up, in the same conversation.
  const conversation = await page.evaluate(() => window.maitreDashboard.conversation);
  result.followUpQuestion = await page.locator('#suggestions button').first().innerText();
  await page.locator('#suggestions button').first().click();
  await page.locator('.turn .a').nth(1).waitFor({ timeout: 20000 });
  result.followUp = await page.locator('.turn .a').nth(1).innerText();
  result.sameConversation = conversation !== null && conversation === await page.evaluate(() => window.maitreDashboard.conversation);
  await page.screenshot({ path: `${dir}/dashboard-desktop.png`, fullPage: true });

  // A live update: an order completed in the demo.
  await fetch(`${control}?order=1`, { method: 'POST' }).then((r) => r.text()).then((t) => { result.placed = Number(t); });
  await page.waitForFunction((b) => document.querySelector('[data-f=total]').textContent !== b, result.before, { timeout: 20000 });
  result.after = await text(page, '#card-revenue [data-f=total]');

  // An outage: the payments cards say so and keep their figures.
  await fetch(`${control}?payments=down`, { method: 'POST' });
  await page.locator('#card-revenue .note').waitFor({ state: 'visible', timeout: 20000 });
  result.revenueNote = await text(page, '#card-revenue .note');
  result.methodsNote = await text(page, '#card-methods .note');
  result.floorNoteHidden = await page.locator('#card-floor .note').isHidden();
  result.kept = await text(page, '#card-revenue [data-f=total]');
  await page.screenshot({ path: `${dir}/dashboard-outage.png`, fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: `${dir}/dashboard-phone.png`, fullPage: true });
} catch (e) {
  result.failed = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
