/**
 * A WebSocket server that answers an orderbook_delta subscribe with a snapshot and then a burst
 * of `count` delta frames (count from the URL's query), as fast as the socket takes them, with
 * contiguous seq numbers. Runs in a child process; prints its port over IPC.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { bookTraffic } from '../rows/book.js';

const { markets, snapshots, frames } = bookTraffic();
// Frame texts carry their seq; re-stamp it per burst so any count keeps seq contiguous.
const bodies = frames.map((f) => f.replace(/"seq":\d+/, '"seq":%SEQ%'));

function burst(socket: WebSocket, sid: number, count: number): void {
  socket.send(JSON.stringify({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid } }));
  let seq = 1;
  for (const snapshot of snapshots) socket.send(JSON.stringify({ ...snapshot, sid, seq: seq++ }));
  let sent = 0;
  const pump = () => {
    // Stay ahead of the client without letting the send buffer grow without bound.
    while (sent < count && socket.bufferedAmount < 4 * 1024 * 1024) {
      socket.send(bodies[sent % bodies.length]!.replace('%SEQ%', String(seq++)).replace(/"sid":\d+/, `"sid":${sid}`));
      sent++;
    }
    if (sent < count) setImmediate(pump);
  };
  pump();
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const count = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('count') ?? 1000);
  socket.once('message', () => burst(socket, 1, count));
});
server.on('listening', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0, tickers: markets.map((m) => m.ticker) });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
