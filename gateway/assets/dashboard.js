// The maitre dashboard: today's figures from the dashboard and tables
// subscriptions (GraphQL over Server-Sent Events), and the chat. No
// framework and no build step; the token lives in sessionStorage only.
'use strict';
(() => {
  const $ = (s, root = document) => root.querySelector(s);
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  const svg = (tag, attrs = {}) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };

  const DASHBOARD = `subscription Dashboard {
  dashboard {
    revenue { total { amount formatted } orderCount averageOrderValue { formatted } }
    revenueSeries(compareDaysBefore: 7) { start revenue { amount } comparison { revenue { amount } } }
    revenueSoFar(compareDaysBefore: 7) { until revenue { amount } comparison { amount formatted } comparisonWhole { amount formatted } }
    bestSellers(limit: 5) { product { name } quantity }
    paymentMethods { method share amount { formatted } }
    tableOccupancy { occupied free reserved total covers seats }
    pendingOrders { number status createdAt total { formatted } table { name } }
    lowStock { name stock reorderPoint }
    busyHours { to cells { weekday hour revenue { amount formatted } orders } busiest { weekday hour revenue { formatted } orders } }
    stockCover(threshold: 14) { product { name } stock dailySales daysLeft runsOutOn }
    unusual { until compareDates figures { kind key position value { ...V } low { ...V } high { ...V } outsideBy { ...V } } }
  }
}
fragment V on UnusualValue { money { formatted } count share }`;
  const FLOOR = 'subscription Floor { tables { id name seats status covers } }';
  const ASK = `query Ask($question: String!, $conversation: ID) {
  chat(question: $question, conversation: $conversation) {
    answer graphql conversation suggestions errors { message code service }
  }
}`;

  // Each card: the fields it shows, the services they come from, and how
  // it draws them. Its last good figures stay up when a service fails.
  const cards = {
    revenue: { fields: ['revenue', 'revenueSeries', 'revenueSoFar'], services: ['payments', 'orders'], draw: drawRevenue },
    bestsellers: { fields: ['bestSellers'], services: ['orders', 'inventory'], draw: drawBestSellers },
    methods: { fields: ['paymentMethods'], services: ['payments'], draw: drawMethods },
    floor: { fields: ['tables', 'tableOccupancy'], services: ['restaurant'], draw: drawFloor },
    pending: { fields: ['pendingOrders'], services: ['orders'], draw: drawPending },
    lowstock: { fields: ['lowStock'], services: ['inventory'], draw: drawLowStock },
    busy: { fields: ['busyHours'], services: ['payments', 'orders'], draw: drawBusy },
    runout: { fields: ['stockCover'], services: ['inventory', 'orders'], draw: drawRunOut },
    unusual: { fields: ['unusual'], services: ['payments', 'orders', 'inventory'], draw: drawUnusual },
  };
  const state = { token: '', me: null, conversation: null, streams: null, figures: {}, chart: null, updates: 0 };
  window.maitreDashboard = state; // read by the browser tests

  const money = (v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: state.me.currency }).format(v);
  const whole = (v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: state.me.currency, maximumFractionDigits: 0 }).format(v);
  const clock = (t) => new Intl.DateTimeFormat(undefined, { timeZone: state.me.timezone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(t);
  const ago = (ms) => {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? `${s} s ago` : s < 3600 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
  };
  const status = (text) => { $('#status').textContent = text; };

  async function graphql(query, variables) {
    const r = await fetch('/query', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${state.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await r.json();
    if (r.status === 401) throw new Error(body.errors?.[0]?.message || 'the token was refused');
    return body;
  }

  // subscribe reads one operation's events until stopped, reconnecting
  // with a growing pause when the stream breaks.
  function subscribe(query, onValue, signal) {
    let pause = 1000;
    const run = async () => {
      while (!signal.aborted) {
        try {
          const r = await fetch('/query', {
            method: 'POST', signal,
            headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', Authorization: `Bearer ${state.token}` },
            body: JSON.stringify({ query }),
          });
          if (r.status === 401) { signOut('The token was refused or has expired: sign in again.'); return; }
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          pause = 1000;
          const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
          let buf = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let cut;
            while ((cut = buf.indexOf('\n\n')) >= 0) {
              const block = buf.slice(0, cut);
              buf = buf.slice(cut + 2);
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (event === 'next' && data) onValue(JSON.parse(data));
            }
          }
        } catch (e) {
          if (signal.aborted) return;
          status(`Connection lost (${e.message}); reconnecting…`);
        }
        await new Promise((ok) => setTimeout(ok, pause));
        pause = Math.min(pause * 2, 30000);
      }
    };
    run();
  }

  // apply takes one value of a stream carrying fields: each card whose
  // fields all arrived is drawn anew; one whose service failed keeps its
  // figures and says so.
  function apply(value, root, fields) {
    state.updates++;
    const data = (root ? value.data?.[root] : value.data) ?? {};
    const services = value.extensions?.services ?? [];
    for (const [name, card] of Object.entries(cards)) {
      const mine = card.fields.filter((f) => fields.includes(f));
      if (mine.length === 0) continue;
      const errors = (value.errors ?? []).filter((e) => {
        const p = root ? e.path?.slice(1) : e.path;
        return !p || mine.includes(p[0]);
      });
      const fig = (state.figures[name] ??= { values: {} });
      // Any error in its fields, a nested null included, keeps the last
      // figures whole rather than a mix of new and missing.
      if (errors.length === 0 && mine.every((f) => data[f] != null)) {
        for (const f of mine) fig.values[f] = data[f];
        fig.at = Date.now();
        if (card.fields.every((f) => f in fig.values)) card.draw(fig.values);
      }
      fig.errors = errors;
      fig.stale = services.filter((s) => s.stale && card.services.includes(s.service)).map((s) => ({ service: s.service, since: Date.now() - (s.ageMs ?? 0) }));
      note(name);
    }
    status(`Live · updated ${clock(new Date())}`);
  }

  // note says on a card what failed and how old its figures are.
  function note(name) {
    const fig = state.figures[name];
    const card = $(`#card-${name}`);
    const box = $('.note', card);
    const parts = [];
    for (const e of fig.errors ?? []) {
      const who = e.extensions?.service ? `The ${e.extensions.service} service failed` : 'A figure failed';
      parts.push(`${who}: ${e.message}.`);
    }
    for (const s of fig.stale ?? []) parts.push(`${s.service} is not answering: its figures are from ${clock(new Date(s.since))} (${ago(Date.now() - s.since)}).`);
    if ((fig.errors ?? []).length > 0) {
      parts.push(fig.at ? `Showing the figures of ${clock(new Date(fig.at))} (${ago(Date.now() - fig.at)}).` : 'No figures yet.');
    }
    box.hidden = parts.length === 0;
    box.textContent = [...new Set(parts)].join(' ');
    card.classList.toggle('stale', parts.length > 0);
  }

  // drawRevenue compares like with like: today up to now against last
  // week up to the same local time (revenueSoFar), with last week's whole
  // day dashed beside them. Each line is takings so far at the end of
  // each hour, and at the time both figures run up to.
  function drawRevenue({ revenue, revenueSeries, revenueSoFar: soFar }) {
    const card = $('#card-revenue');
    const points = revenueSeries ?? [];
    const until = Date.parse(soFar.until);
    const hhmm = new Intl.DateTimeFormat(undefined, { timeZone: state.me.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
    $('[data-f=total]', card).textContent = revenue?.total?.formatted ?? '–';
    $('[data-f=lastweek]', card).textContent = soFar.comparison.formatted;
    $('[data-f=lastweek-label]', card).textContent = `last week to ${hhmm}`;
    $('[data-f=lastweek-whole]', card).textContent = soFar.comparisonWhole.formatted;
    $('[data-f=orders]', card).textContent = revenue?.orderCount ?? '–';
    $('[data-f=average]', card).textContent = revenue?.averageOrderValue?.formatted ?? '–';
    const xs = [], today = [], before = [], day = [];
    const push = (t, a, b, c) => { xs.push(t / 1000); today.push(a); before.push(b); day.push(c); };
    if (points.length) push(Date.parse(points[0].start), 0, 0, 0);
    let a = 0, b = 0;
    points.forEach((p, i) => {
      const start = Date.parse(p.start);
      const end = i + 1 < points.length ? Date.parse(points[i + 1].start) : start + 3600e3;
      a += Number(p.revenue.amount);
      b += Number(p.comparison?.revenue.amount ?? 0);
      if (start < until && until < end) push(until, Number(soFar.revenue.amount), Number(soFar.comparison.amount), Number(soFar.comparison.amount));
      push(end, end <= until ? a : null, end <= until ? b : null, b);
    });
    const table = $('#table-revenue');
    table.replaceChildren(el('caption', {}, `Revenue so far, today and last week to ${hhmm}, and last week's whole day`),
      el('tr', {}, el('th', {}, 'At'), el('th', {}, 'Today'), el('th', {}, 'Last week, same time'), el('th', {}, 'Last week, whole day')),
      ...xs.map((x, i) => el('tr', {}, el('td', {}, clock(new Date(x * 1000))), el('td', {}, today[i] == null ? '' : money(today[i])),
        el('td', {}, before[i] == null ? '' : money(before[i])), el('td', {}, money(day[i])))));
    const box = $('#chart-revenue');
    $('figure', card).ariaLabel = `Revenue so far ${revenue?.total?.formatted ?? ''}, against ${soFar.comparison.formatted} last week to ${hhmm}, and ${soFar.comparisonWhole.formatted} over last week's whole day`;
    const width = Math.max(260, box.clientWidth);
    const tz = state.me.timezone;
    const data = [xs, today, before, day];
    if (!state.chart) {
      const value = (_, v) => v == null ? '–' : money(v);
      state.chart = new uPlot({
        width, height: 220,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
        series: [{}, { label: 'Today', stroke: '#2f6fdd', width: 2, fill: 'rgba(47,111,221,.12)', value },
          { label: 'Last week, same time', stroke: '#5d6778', width: 1.5, value },
          { label: 'Last week, whole day', stroke: '#8a93a3', dash: [6, 4], width: 1.5, value }],
        axes: [{}, { values: (_, ticks) => ticks.map((v) => whole(v)), size: 80 }],
      }, data, box);
    } else {
      state.chart.setData(data);
    }
  }

  function drawBestSellers({ bestSellers }) {
    const rows = bestSellers ?? [];
    const chart = $('#chart-bestsellers');
    const most = Math.max(1, ...rows.map((r) => r.quantity));
    chart.setAttribute('viewBox', `0 0 300 ${rows.length * 26 + 4}`);
    chart.replaceChildren(...rows.flatMap((r, i) => {
      const w = Math.max(2, (r.quantity / most) * 150);
      const label = svg('text', { x: 0, y: i * 26 + 17, 'font-size': 12 });
      label.textContent = r.product?.name ?? '?';
      const bar = svg('rect', { x: 120, y: i * 26 + 4, width: w, height: 18, rx: 3, fill: '#2f6fdd' });
      const n = svg('text', { x: 124 + w, y: i * 26 + 17, 'font-size': 12 });
      n.textContent = r.quantity;
      return [label, bar, n];
    }));
    $('#table-bestsellers').replaceChildren(el('caption', {}, 'Units sold today'),
      ...rows.map((r) => el('tr', {}, el('td', {}, r.product?.name ?? '?'), el('td', {}, String(r.quantity)))));
  }

  const methodColours = { CARD: '#2f6fdd', CASH: '#1e7a46', MOBILE: '#9a5b00', VOUCHER: '#8e44ad' };
  function drawMethods({ paymentMethods }) {
    const rows = paymentMethods ?? [];
    const chart = $('#chart-methods');
    const r = 45, c = 2 * Math.PI * r;
    let offset = 0;
    chart.replaceChildren(svg('circle', { cx: 60, cy: 60, r, fill: 'none', stroke: '#eef0f4', 'stroke-width': 22 }),
      ...rows.filter((m) => m.share > 0).map((m) => {
        const arc = svg('circle', { cx: 60, cy: 60, r, fill: 'none', stroke: methodColours[m.method] ?? '#999', 'stroke-width': 22,
          'stroke-dasharray': `${m.share * c} ${c}`, 'stroke-dashoffset': -offset, transform: 'rotate(-90 60 60)' });
        offset += m.share * c;
        return arc;
      }));
    $('#legend-methods').replaceChildren(...rows.map((m) => el('li', { style: `--c: ${methodColours[m.method] ?? '#999'}` },
      `${m.method.toLowerCase()}: ${m.amount.formatted} (${Math.round(m.share * 100)}%)`)));
  }

  function drawFloor({ tables, tableOccupancy: o }) {
    $('#card-floor [data-f=occupancy]').textContent = o
      ? `${o.occupied} of ${o.total} tables occupied, ${o.reserved} reserved; ${o.covers} guests on ${o.seats} seats.` : '';
    $('#floor').replaceChildren(...(tables ?? []).map((t) => el('li', { class: t.status, title: t.status.toLowerCase() },
      el('b', {}, t.name), `${t.status.toLowerCase()}`, t.status === 'OCCUPIED' ? ` · ${t.covers}/${t.seats}` : ` · ${t.seats} seats`)));
  }

  function drawPending({ pendingOrders }) {
    const rows = [...(pendingOrders ?? [])].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    $('#pending').replaceChildren(...rows.map((o) => el('li', {},
      `#${o.number} · ${o.table?.name ?? 'takeaway'} · ${o.status.toLowerCase().replace('_', ' ')} · ${o.total.formatted} · `,
      el('time', { datetime: o.createdAt, 'data-age': '' }, ago(Date.now() - Date.parse(o.createdAt))))));
    if (rows.length === 0) $('#pending').replaceChildren(el('li', {}, 'None.'));
  }

  function drawLowStock({ lowStock }) {
    const rows = lowStock ?? [];
    $('#lowstock').replaceChildren(...rows.map((p) => el('li', {}, `${p.name}: ${p.stock ?? '?'} left (reorder at ${p.reorderPoint})`)));
    if (rows.length === 0) $('#lowstock').replaceChildren(el('li', {}, 'Nothing is low.'));
  }

  const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  const dayName = (d) => d[0] + d.slice(1).toLowerCase();
  const hh = (h) => `${String(h).padStart(2, '0')}:00`;
  const slot = (c) => `${dayName(c.weekday)} ${hh(c.hour)}`;
  const date = (d) => new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(new Date(`${d}T00:00:00Z`));

  // drawBusy is the week as a heatmap, one square an hour, its shade the
  // takings against the busiest hour's; the table beside it holds the
  // same figures as text.
  function drawBusy({ busyHours: b }) {
    const most = Math.max(0, ...b.cells.map((c) => Number(c.revenue.amount)));
    const chart = $('#chart-busy');
    const labels = WEEKDAYS.map((d, i) => {
      const t = svg('text', { x: 0, y: 24 + i * 22, 'font-size': 11 });
      t.textContent = dayName(d).slice(0, 3);
      return t;
    });
    const hours = [0, 3, 6, 9, 12, 15, 18, 21].map((h) => {
      const t = svg('text', { x: 40 + h * 20, y: 176, 'font-size': 10 });
      t.textContent = hh(h);
      return t;
    });
    const squares = b.cells.map((c) => {
      const v = Number(c.revenue.amount);
      const r = svg('rect', { x: 40 + c.hour * 20, y: 10 + WEEKDAYS.indexOf(c.weekday) * 22, width: 18, height: 20, rx: 2,
        fill: v > 0 ? '#2f6fdd' : '#eef0f4', 'fill-opacity': v > 0 && most > 0 ? Math.max(0.06, v / most).toFixed(3) : 1,
        'data-cell': `${c.weekday} ${c.hour}` });
      const title = svg('title');
      title.textContent = `${slot(c)}: ${c.revenue.formatted}, ${c.orders} orders`;
      r.append(title);
      return r;
    });
    chart.replaceChildren(...labels, ...hours, ...squares);
    $('#card-busy [data-f=busy-to]').textContent = date(b.to);
    $('#card-busy [data-f=busiest]').textContent = b.busiest.length === 0 ? 'Nothing sold in those four weeks.'
      : `Busiest: ${b.busiest.slice(0, 3).map((c) => `${slot(c)} (${c.revenue.formatted}, ${c.orders} orders)`).join(', ')}.`;
    const byDay = Object.fromEntries(WEEKDAYS.map((d) => [d, []]));
    for (const c of b.cells) byDay[c.weekday][c.hour] = c.revenue.formatted;
    $('#table-busy').replaceChildren(el('caption', {}, 'Takings by weekday and hour'),
      el('tr', {}, el('th', { scope: 'col' }, 'Day'), ...Array.from({ length: 24 }, (_, h) => el('th', { scope: 'col' }, hh(h)))),
      ...WEEKDAYS.map((d) => el('tr', {}, el('th', { scope: 'row' }, dayName(d)), ...byDay[d].map((f) => el('td', {}, f ?? '')))));
  }

  // drawRunOut lists the RUN_OUT_SHOWN products that run out soonest at
  // the pace they sold, and counts the rest of the two weeks.
  const RUN_OUT_SHOWN = 8;
  function drawRunOut({ stockCover }) {
    const rows = stockCover.filter((r) => r.daysLeft != null);
    const items = rows.slice(0, RUN_OUT_SHOWN).map((r) => el('li', {},
      el('b', {}, r.product.name), `: ${r.daysLeft.toFixed(1)} days left, runs out ${date(r.runsOutOn)} (${r.stock} in stock, ${r.dailySales.toFixed(1)} sold a day)`));
    if (rows.length > RUN_OUT_SHOWN) items.push(el('li', { class: 'more' }, `and ${rows.length - RUN_OUT_SHOWN} more within two weeks.`));
    if (rows.length === 0) items.push(el('li', {}, 'Nothing runs out in the next two weeks.'));
    $('#runout').replaceChildren(...items);
  }

  // drawUnusual says today's takings against the same weekday of the four
  // weeks before, up to the same time, then every other figure outside
  // what those days spanned.
  const says = (v) => v.money?.formatted ?? (v.count != null ? String(v.count) : `${Math.round(v.share * 1000) / 10}%`);
  const by = (v) => v.share != null ? `${Math.round(v.share * 1000) / 10} points` : says(v);
  const figureName = (f) => ({ REVENUE: 'Revenue', ORDERS: 'Completed orders', AVERAGE_TICKET: 'Average ticket',
    METHOD_SHARE: `${f.key?.toLowerCase()}'s share of payments`, CATEGORY_UNITS: `${f.key} units` })[f.kind];
  function drawUnusual({ unusual: u }) {
    const rev = u.figures.find((f) => f.kind === 'REVENUE');
    const until = new Intl.DateTimeFormat(undefined, { timeZone: state.me.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Date.parse(u.until));
    const weekday = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'long' }).format(new Date(`${u.compareDates[0] ?? '2026-01-05'}T00:00:00Z`));
    const days = `the ${u.compareDates.length} ${weekday}s before`;
    const where = !rev ? '' : rev.position === 'WITHIN' ? `within their ${says(rev.low)} to ${says(rev.high)}`
      : `${rev.position.toLowerCase()} their ${rev.position === 'ABOVE' ? 'highest' : 'lowest'} by ${by(rev.outsideBy)}`;
    $('#card-unusual [data-f=unusual]').textContent = rev ? `Up to ${until}, against ${days}: revenue ${says(rev.value)}, ${where}.` : '';
    const out = u.figures.filter((f) => f.kind !== 'REVENUE' && f.position !== 'WITHIN');
    $('#unusual').replaceChildren(...out.map((f) => el('li', { class: f.position },
      `${figureName(f)}: ${says(f.value)}, ${f.position.toLowerCase()} by ${by(f.outsideBy)} (range ${says(f.low)} to ${says(f.high)})`)));
    if (out.length === 0) $('#unusual').replaceChildren(el('li', {}, 'Nothing else stands out.'));
  }

  async function ask(question) {
    const log = $('#chat-log');
    const turn = el('div', { class: 'turn' }, el('p', { class: 'q' }, question));
    log.append(turn);
    try {
      const r = await graphql(ASK, { question, conversation: state.conversation });
      const a = r.data?.chat;
      if (!a) throw new Error(r.errors?.[0]?.message ?? 'no answer');
      state.conversation = a.conversation;
      turn.append(el('p', { class: 'a' }, a.answer));
      for (const e of a.errors) turn.append(el('p', { class: 'err' }, `${e.service ? `The ${e.service} service failed` : e.code}: ${e.message}`));
      if (a.graphql) turn.append(el('details', {}, el('summary', {}, 'The GraphQL that ran'), el('pre', {}, a.graphql)));
      suggest(a.suggestions);
    } catch (e) {
      turn.append(el('p', { class: 'err' }, `The question could not be asked: ${e.message}`));
    }
    log.scrollTop = log.scrollHeight;
  }

  function suggest(questions) {
    $('#suggestions').replaceChildren(...questions.map((q) => {
      const b = el('button', { type: 'button' }, q);
      b.addEventListener('click', () => ask(q));
      return b;
    }));
  }

  function signOut(why) {
    state.streams?.abort();
    state.streams = null;
    sessionStorage.removeItem('maitre:token');
    $('#cards').hidden = true;
    status(why);
  }

  async function signIn(token) {
    state.streams?.abort();
    state.token = token;
    status('Signing in…');
    try {
      const r = await graphql('{ me { name tenantId currency timezone } }');
      if (!r.data?.me) throw new Error(r.errors?.[0]?.message ?? 'no viewer');
      state.me = r.data.me;
    } catch (e) {
      signOut(`Not signed in: ${e.message}`);
      return;
    }
    sessionStorage.setItem('maitre:token', token);
    $('#place').textContent = `· ${state.me.name} · ${state.me.tenantId} · ${state.me.timezone}`;
    $('#cards').hidden = false;
    state.streams = new AbortController();
    subscribe(DASHBOARD, (v) => apply(v, 'dashboard', ['revenue', 'revenueSeries', 'revenueSoFar', 'bestSellers', 'paymentMethods', 'tableOccupancy', 'pendingOrders', 'lowStock', 'busyHours', 'stockCover', 'unusual']), state.streams.signal);
    subscribe(FLOOR, (v) => apply(v, null, ['tables']), state.streams.signal);
    suggest(["What's my revenue today?", 'Best sellers this week', 'How busy is the floor?']);
  }

  $('#signin').addEventListener('submit', (e) => { e.preventDefault(); signIn($('#token').value.trim()); });
  $('#chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = $('#question').value.trim();
    if (q) { $('#question').value = ''; ask(q); }
  });
  addEventListener('resize', () => state.chart?.setSize({ width: Math.max(260, $('#chart-revenue').clientWidth), height: 220 }));
  // Ages move on between updates.
  setInterval(() => {
    for (const name of Object.keys(state.figures)) note(name);
    for (const t of document.querySelectorAll('time[data-age]')) t.textContent = ago(Date.now() - Date.parse(t.dateTime));
  }, 10000);

  const token = sessionStorage.getItem('maitre:token') || $('#token').value.trim();
  if (token) { $('#token').value = token; signIn(token); }
})();
