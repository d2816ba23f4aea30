// A load client in its own process, so the platform process's CPU counts only the
// platform's work. Reads {url, clients, requests: [{method, path, headers, body}]} as JSON
// on standard input; sends them from `clients` concurrent loops; prints
// {ok, failed, statuses, ms} as JSON.
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, clients, requests } = JSON.parse(input);
let next = 0;
let ok = 0;
let failed = 0;
const statuses = {};
const started = performance.now();
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const res = await fetch(url + r.path, {
        method: r.method,
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
      });
      await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status < 300) ok += 1;
      else failed += 1;
    }
  }),
);
process.stdout.write(JSON.stringify({ ok, failed, statuses, ms: performance.now() - started }));
