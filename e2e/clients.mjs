// Sends one query with a bearer token through three real GraphQL clients
// and prints, per client, what it read: the data and the errors' codes.
// Usage: node clients.mjs http://127.0.0.1:4006/query demo-owner
import { GraphQLClient } from 'graphql-request';
import { ApolloClient, InMemoryCache, HttpLink, gql } from '@apollo/client/core';
import { Client, fetchExchange } from '@urql/core';

const [url, token] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${token}` };
const query = '{ revenue { total { amount } orderCount } tableOccupancy { occupied } }';
const codes = (errors) => (errors ?? []).map((e) => `${e.extensions?.code}:${e.extensions?.service ?? ''}`);
const report = (client, data, errors) =>
  console.log(JSON.stringify({ client, data: data ?? null, codes: codes(errors) }));

const request = new GraphQLClient(url, { headers, errorPolicy: 'all' });
const r1 = await request.rawRequest(query);
report('graphql-request', r1.data, r1.errors);

const apollo = new ApolloClient({ link: new HttpLink({ uri: url, headers }), cache: new InMemoryCache() });
const r2 = await apollo.query({ query: gql(query), errorPolicy: 'all', fetchPolicy: 'no-cache' });
report('@apollo/client', r2.data, r2.error?.errors);

const urql = new Client({ url, exchanges: [fetchExchange], fetchOptions: { headers } });
const r3 = await urql.query(query, {}).toPromise();
report('@urql/core', r3.data, r3.error?.graphQLErrors);
