// Preloaded into the exchange child by load.test.ts (NODE_OPTIONS=--import=<this file>): what the
// exchange itself saw, so the suite can tell server time apart from time spent before a request
// reached it. Plain JS because the child runs a bundle under plain node, without a TS loader.
// Only public Node hooks are used (diagnostics_channel, perf_hooks): the exchange runs unchanged.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.KALSHI_SIM_PROBE_FILE;
if (!file) throw new Error('load-server-probe: set KALSHI_SIM_PROBE_FILE to the file the figures go to');

/** [epoch ms at the start, ms from the request event to the last byte of the response]. */
const requests = [];
/** Epoch ms of every connection the server accepted. */
const accepts = [];
/** Per 250 ms: [epoch ms, the longest event-loop delay in that slice]. */
const loopDelays = [];
const startedAt = new WeakMap();

subscribe('net.server.socket', () => accepts.push(Date.now()));
subscribe('http.server.request.start', ({ request }) => startedAt.set(request, [Date.now(), performance.now()]));
subscribe('http.server.response.finish', ({ request }) => {
  const started = startedAt.get(request);
  if (started) requests.push([started[0], Math.round((performance.now() - started[1]) * 10) / 10]);
});

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
setInterval(() => {
  loopDelays.push([Date.now(), Math.round(delay.max / 1e5) / 10]);
  delay.reset();
}, 250).unref();

// bin.ts ends with process.exit() after a graceful shutdown, which runs 'exit' listeners.
process.on('exit', () => writeFileSync(file, JSON.stringify({ requests, accepts, loopDelays })));
