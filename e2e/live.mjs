// Subscribes to the dashboard with graphql-sse and graphql-ws, then
// completes an order in the demo and takes the payments service down,
// printing what each client received at each step as JSON lines.
// Usage: node live.mjs http://127.0.0.1:PORT/query TOKEN ORDERS_URL CONTROL_URL PRODUCT_ID
import { createClient as sseClient } from 'graphql-sse';
import { createClient as wsClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, ordersURL, controlURL, productID] = process.argv.slice(2);
const query = 'subscription { dashboard { revenue { total { amount } orderCount } } }';

// Each client's values, in order, and a way to wait for the next one.
function queue() {
  const values = [];
  const waiters = [];
  return {
    push(v) { const w = waiters.shift(); if (w) w(v); else values.push(v); },
    next(ms = 20000) {
      if (values.length) return Promise.resolve(values.shift());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no value within ' + ms + ' ms')), ms);
        waiters.push((v) => { clearTimeout(timer); resolve(v); });
      });
    },
  };
}

function subscribe(client) {
  const q = queue();
  const stop = client.subscribe({ query }, {
    next: (v) => q.push(v),
    error: (e) => q.push({ error: String(e && e.message || JSON.stringify(e)) }),
    complete: () => {},
  });
  return { q, stop };
}

const sse = sseClient({ url, headers: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
const ws = wsClient({
  url: url.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  retryAttempts: 0,
});
const clients = { 'graphql-sse': subscribe(sse), 'graphql-ws': subscribe(ws) };

function report(step, name, v) {
  const rev = v.data?.dashboard?.revenue;
  console.log(JSON.stringify({
    step, client: name, error: v.error ?? null,
    total: rev?.total?.amount ?? null, orders: rev?.orderCount ?? null,
    codes: (v.errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.service ?? ''}:${(e.path ?? []).join('.')}`),
  }));
}

let code = 0;
try {
  for (const [name, c] of Object.entries(clients)) report('first', name, await c.q.next());

  const placed = await fetch(`${ordersURL}/v1/orders`, {
    method: 'POST',
    headers: { 'X-Tenant-ID': 'bistro', 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [{ product_id: productID, quantity: 2 }] }),
  }).then((r) => r.json());
  console.log(JSON.stringify({ step: 'placed', amount: placed.payment.amount }));
  for (const [name, c] of Object.entries(clients)) report('order', name, await c.q.next());

  await fetch(`${controlURL}?payments=down`, { method: 'POST' });
  for (const [name, c] of Object.entries(clients)) report('down', name, await c.q.next());
} catch (e) {
  console.log(JSON.stringify({ step: 'failed', error: String(e) }));
  code = 1;
} finally {
  for (const c of Object.values(clients)) c.stop();
  await ws.dispose();
  sse.dispose();
}
process.exit(code);
