// Composes maitre's subgraph with a small reviews subgraph (written with
// @apollo/subgraph), with The Guild's stack (@theguild/federation-composition,
// served by Hive Gateway's runtime) or Apollo's (@apollo/composition, served
// by @apollo/gateway), and queries across both with the bearer token
// forwarded; then again once the Go test has taken the payments service
// down, and without a token. Prints one JSON line, which says too whether
// Apollo reads maitre's SDL as a Federation 2 subgraph.
// Usage: node federation.mjs MAITRE_QUERY_URL TOKEN CONTROL_URL hive|apollo
import http from 'node:http';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createHandler } from 'graphql-http/lib/use/http';
import { composeServices } from '@theguild/federation-composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { composeServices as apolloCompose } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { buildSubgraph } from '@apollo/federation-internals';
import { createHash } from 'node:crypto';

const [maitre, token, control, stack] = process.argv.slice(2);
const query = '{ products(first: 3) { nodes { id name reviews { stars } } } revenue { total { amount } orderCount } }';
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
  const sdl = sdlAnswer.data._service.sdl;
  out.fed2 = buildSubgraph('maitre', maitre, sdl).isFed2Subgraph();
  const services = [
    { name: 'maitre', typeDefs: parse(sdl), url: maitre },
    { name: 'reviews', typeDefs: parse(reviewsSDL), url: reviewsURL },
  ];
  const composed = stack === 'apollo' ? apolloCompose(services) : composeServices(services);
  if (composed.errors?.length) throw new Error('composition: ' + composed.errors.map((e) => e.message).join('; '));
  out.hints = (composed.hints ?? []).map((h) => h.message ?? String(h));
  const ask = stack === 'apollo' ? await apolloGateway(composed.supergraphSdl) : hiveGateway(composed.supergraphSdl);
  out.spanning = await ask(token);
  await fetch(`${control}?payments=down`, { method: 'POST' });
  out.partial = await ask(token);
  out.anonymous = await ask('');
} catch (e) {
  out.failed = String(e.stack ?? e);
} finally {
  await gateway?.dispose?.();
  await gateway?.stop?.();
  reviewsServer.close();
}
console.log(JSON.stringify(out));

// hiveGateway serves the supergraph with Hive Gateway's runtime; the
// answer to query with the token auth.
function hiveGateway(supergraph) {
  gateway = createGatewayRuntime({
    supergraph,
    propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }) },
    logging: false,
    maskedErrors: false,
  });
  return (auth) => gateway.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify({ query }),
  }).then((r) => r.json());
}

// apolloGateway serves the supergraph with @apollo/gateway, forwarding the
// token to each subgraph as ApolloServer's gateway mode does.
async function apolloGateway(supergraphSdl) {
  gateway = new ApolloGateway({
    supergraphSdl,
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
    buildService: ({ url }) => new RemoteGraphQLDataSource({
      url,
      willSendRequest({ request, context }) {
        if (context.auth) request.http.headers.set('authorization', context.auth);
      },
    }),
  });
  const { executor } = await gateway.load();
  return (auth) => executor({
    request: { query, variables: {} },
    document: parse(query),
    queryHash: createHash('sha256').update(query).digest('hex'),
    operationName: null,
    context: { auth: auth ? `Bearer ${auth}` : '' },
    metrics: {},
    logger: console,
  });
}
