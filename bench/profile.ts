/**
 * Runs one benchmark client alone, long enough to profile it:
 *
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/profile.ts <client> [frames] [rounds]
 *
 * client: `book` (in process: KalshiWS into a BookManager), or over loopback `ws-ours`, `ws-bare`,
 * `ws-transport`. Set BENCH_PROFILE_DIR=prof as well to profile the loopback server (the child).
 */
import { startChild, stopChild } from './lib/child.js';
import { clientIntoBooks } from './rows/book.js';
import { loopbackClients } from './rows/ws-ingest.js';

const [client = 'book', framesArg = '1000000', roundsArg = '3'] = process.argv.slice(2);
const frames = Number(framesArg);
const rounds = Number(roundsArg);
const report = (ms: number) => process.stdout.write(`${client}: ${Math.round((frames / ms) * 1000).toLocaleString('en-US')} msg/s\n`);

if (client === 'book') {
  const ours = await clientIntoBooks();
  for (let r = 0; r < rounds; r++) report(ours.run(frames));
  await ours.verify();
} else {
  const { child, ready } = await startChild<{ port: number; tickers: string[] }>('./delta-server.ts');
  const clients = loopbackClients(ready.port, ready.tickers);
  const run = { 'ws-ours': clients.ours, 'ws-bare': clients.bare, 'ws-transport': clients.transport }[client];
  if (!run) throw new Error(`unknown client ${JSON.stringify(client)}: book, ws-ours, ws-bare or ws-transport`);
  try {
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      await run(frames);
      report(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } finally {
    await stopChild(child);
  }
}
