// The playground: GraphiQL over /query, its headers tab pre-filled from
// the page, and on a first visit a tab for each of the page's examples. What GraphiQL keeps (tabs with their headers, history) lives
// in this tab's sessionStorage, never in localStorage: a token typed in
// the headers tab is gone when the tab closes, as the dashboard's is.
'use strict';
(() => {
  const root = document.getElementById('graphiql');
  const headers = JSON.parse(root.dataset.headers || 'null');
  const endpoint = root.dataset.endpoint;
  const examples = JSON.parse(root.dataset.tabs || '[]');

  // Earlier versions kept GraphiQL's state, tokens included, in
  // localStorage under this prefix.
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('maitre:graphiql:')) localStorage.removeItem(key);
  }

  // GraphiQL's keys start with "graphiql:"; clearing them leaves the
  // dashboard's token, which shares the tab's sessionStorage.
  const ours = () => Object.keys(sessionStorage).filter((k) => k.startsWith('graphiql:'));
  const storage = {
    getItem: (k) => sessionStorage.getItem(k),
    setItem: (k, v) => sessionStorage.setItem(k, v),
    removeItem: (k) => sessionStorage.removeItem(k),
    get length() { return ours().length; },
    clear() { ours().forEach((k) => sessionStorage.removeItem(k)); },
  };

  const ws = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const fetcher = GraphiQL.createFetcher({
    url: location.origin + endpoint,
    subscriptionUrl: ws + '//' + location.host + endpoint,
    // Also sent with the schema's introspection, which runs before the
    // headers tab exists; the tab's headers win once edited.
    headers: headers || undefined,
  });
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher,
      storage,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      headers: headers ? JSON.stringify(headers, null, 2) : undefined,
      // Tabs GraphiQL kept in this session win over these.
      defaultTabs: examples.map((query) => ({ query, headers: headers ? JSON.stringify(headers, null, 2) : undefined })),
      inputValueDeprecation: true,
    }),
    root,
  );
})();
