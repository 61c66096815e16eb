// Composes maitre's subgraph with a small reviews subgraph (written with
// @apollo/subgraph) using @theguild/federation-composition, serves the
// supergraph with Hive Gateway's runtime, and queries across both with
// the bearer token forwarded; then again once the Go test has taken the
// payments service down, and without a token. Prints one JSON line.
// Usage: node federation.mjs MAITRE_QUERY_URL TOKEN CONTROL_URL
import http from 'node:http';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createHandler } from 'graphql-http/lib/use/http';
import { composeServices } from '@theguild/federation-composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';

const [maitre, token, control] = process.argv.slice(2);
const out = {};

// Reviews: each product's stars, from its id, so the Go test can check them.
const reviewsSDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Product @key(fields: "id") { id: ID! reviews: [Review!]! }
  type Review { stars: Int! }
`;
const stars = (id) => [...id].reduce((s, c) => s + c.charCodeAt(0), 0) % 5 + 1;
const reviews = buildSubgraphSchema([{
  typeDefs: parse(reviewsSDL),
  resolvers: { Product: { __resolveReference: (ref) => ({ id: ref.id }), reviews: (p) => [{ stars: stars(p.id) }] } },
}]);
const reviewsServer = http.createServer(createHandler({ schema: reviews }));
await new Promise((ok) => reviewsServer.listen(0, '127.0.0.1', ok));
const reviewsURL = `http://127.0.0.1:${reviewsServer.address().port}/graphql`;

let gateway;
try {
  const sdlAnswer = await fetch(maitre, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  }).then((r) => r.json());
  const composed = composeServices([
    { name: 'maitre', typeDefs: parse(sdlAnswer.data._service.sdl), url: maitre },
    { name: 'reviews', typeDefs: parse(reviewsSDL), url: reviewsURL },
  ]);
  if (composed.errors?.length) throw new Error('composition: ' + composed.errors.map((e) => e.message).join('; '));
  gateway = createGatewayRuntime({
    supergraph: composed.supergraphSdl,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }) },
    logging: false,
    maskedErrors: false,
  });
  const ask = (auth) => gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ query: '{ products(first: 3) { nodes { id name reviews { stars } } } revenue { total { amount } orderCount } }' }),
  }).then((r) => r.json());
  out.spanning = await ask(token);
  await fetch(`${control}?payments=down`, { method: 'POST' });
  out.partial = await ask(token);
  out.anonymous = await ask('');
} catch (e) {
  out.failed = String(e.stack ?? e);
} finally {
  await gateway?.dispose?.();
  reviewsServer.close();
}
console.log(JSON.stringify(out));
