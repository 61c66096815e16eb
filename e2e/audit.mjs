// Runs graphql-http's GraphQL-over-HTTP audit against maitre and prints
// one JSON line per result: {"id", "name", "status", "reason"}.
// Usage: node audit.mjs http://127.0.0.1:4006/query demo-owner
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};
const results = await auditServer({ url, fetchFn });
for (const r of results) {
  console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? '' }));
}
