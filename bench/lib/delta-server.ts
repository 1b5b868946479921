/**
 * A WebSocket server that answers an orderbook_delta subscribe with a snapshot per market and then
 * a burst of `count` delta frames (count from the URL's query) with contiguous seq numbers. Runs in
 * a child process; prints its port over IPC.
 *
 * The burst must not be what the figure measures, so the server does as little per frame as it can:
 * frames are pre-rendered (text split around the seq digits, as bytes), framed by hand and written
 * to the TCP socket in 256 KB writes, up to 16 MB ahead of the client. Sending each frame through
 * `ws` costs a writev syscall per frame, and profiling showed that alone capping the loopback at
 * ~130k frames/s (75% of the server's time in writev, the client mostly idle). Handshake, replies,
 * snapshots and the closing handshake still go through `ws`.
 */
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { bookTraffic } from '../book/traffic.js';

const { markets, snapshots, frames } = bookTraffic();
const CHUNK = 256 * 1024;
const AHEAD = 16 * 1024 * 1024;

/** Each frame's bytes before and after its seq digits (the sid is 1, the only subscription). */
const parts = frames.map((frame) => {
  const match = /"seq":\d+/.exec(frame)!;
  return {
    head: Buffer.from(frame.slice(0, match.index + 6)),
    tail: Buffer.from(frame.slice(match.index + match[0].length)),
  };
});

/** Writes one unmasked text frame (FIN + opcode 1) of `head + seq + tail` at `at`; returns the new end. */
function frameAt(chunk: Buffer, at: number, index: number, seq: number): number {
  const { head, tail } = parts[index]!;
  const digits = String(seq);
  const length = head.length + digits.length + tail.length;
  chunk[at++] = 0x81;
  if (length < 126) chunk[at++] = length;
  else {
    chunk[at++] = 126;
    chunk.writeUInt16BE(length, at);
    at += 2;
  }
  chunk.set(head, at);
  at += head.length;
  at += chunk.write(digits, at, 'latin1');
  chunk.set(tail, at);
  return at + tail.length;
}

function burst(socket: WebSocket, count: number): void {
  socket.send(JSON.stringify({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } }));
  let seq = 1;
  for (const snapshot of snapshots) socket.send(JSON.stringify({ ...snapshot, sid: 1, seq: seq++ }));
  // `ws` writes synchronously with compression off, so these bytes follow the frames above in order.
  const raw = (socket as unknown as { _socket: Socket })._socket;
  let sent = 0;
  const pump = () => {
    // Megabytes ahead of the client, so that frames are queued for it even while this process
    // waits for a core on a busy machine.
    while (sent < count && raw.writableLength < AHEAD) {
      const chunk = Buffer.allocUnsafe(CHUNK);
      let at = 0;
      // Room for the largest frame: a 4-byte header and a frame under 1 KB.
      while (sent < count && at < CHUNK - 1024) at = frameAt(chunk, at, sent++ % parts.length, seq++);
      raw.write(chunk.subarray(0, at));
    }
    if (sent < count) raw.once('drain', pump);
  };
  pump();
}

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const count = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('count') ?? 1000);
  socket.once('message', () => burst(socket, count));
});
server.on('listening', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0, tickers: markets.map((m) => m.ticker) });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
