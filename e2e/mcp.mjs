// Lists maitre's MCP tools and calls them with the TypeScript SDK's
// client over streamable HTTP, as the owner, the cashier and without a
// token. Prints one JSON line.
// Usage: node mcp.mjs http://127.0.0.1:PORT/mcp
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url] = process.argv.slice(2);

async function connect(token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const client = new Client({ name: 'maitre-e2e', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}
const last = (res) => JSON.parse(res.content[res.content.length - 1].text);

const out = {};
try {
  const owner = await connect('demo-owner');
  const { tools } = await owner.listTools();
  out.tools = tools.map((t) => t.name);
  out.readOnly = tools.every((t) => t.annotations?.readOnlyHint === true);
  const ask = await owner.callTool({ name: 'ask', arguments: { question: "What's my revenue today?" } });
  out.answer = ask.content[0].text;
  const followUp = await owner.callTool({ name: 'ask', arguments: { question: 'and yesterday?', conversation: last(ask).data.chat.conversation } });
  out.followUpIntents = last(followUp).data.chat.intents;
  const revenue = await owner.callTool({ name: 'revenue', arguments: {} });
  out.total = last(revenue).data.revenue.total.amount;
  out.orders = last(revenue).data.revenue.orderCount;
  const cashier = await connect('demo-cashier');
  const denied = await cashier.callTool({ name: 'revenue', arguments: {} });
  out.cashierCodes = (last(denied).errors ?? []).map((e) => e.extensions.code);
  await owner.close();
  await cashier.close();
  try {
    await connect('');
    out.anonymous = 'connected';
  } catch (e) {
    out.anonymous = `${e.code} ${e.message}`;
  }
} catch (e) {
  out.failed = String(e.stack ?? e);
}
console.log(JSON.stringify(out));
