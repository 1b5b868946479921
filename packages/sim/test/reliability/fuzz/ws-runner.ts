// One fuzzing socket: sends rounds of generated frames, checks every frame the exchange sends
// back, and after each round proves the socket still answers (a list_subscriptions whose reply
// must arrive) and that every command with an id got a reply carrying it.
import { WebSocket, type RawData } from 'ws';
import { signHeaders, type Credentials } from '../../helpers/sign.js';
import { checkFrame } from '../../ws/harness.js';
import { describeSchemaErrors, isKalshiErrorFrame, Tally } from './checks.js';
import { Prng } from './prng.js';
import type { FuzzWorld } from './schema-sample.js';
import { generateFrame } from './ws-frames.js';

export interface WsFigures {
  framesSent: number;
  framesReceived: number;
  errorFrames: Tally;
  oversizedCloses: number;
  reconnects: number;
  problems: string[];
}

const REPLY_TYPES = new Set(['ok', 'subscribed', 'unsubscribed', 'error']);
// get_snapshot and the instrument-list actions are answered by a data-typed frame instead.
const isReplyType = (type: string) => REPLY_TYPES.has(type) || type === 'orderbook_snapshot' || /_(indexlist|underlying_list)$/.test(type);
const SENTINEL_TIMEOUT_MS = 10_000;
const MAX_SIDS = 40;

class FuzzSocket {
  readonly pending = new Set<number>();
  /** Every id this socket sent, valid or not as the exchange sees it. */
  readonly sentIds = new Set<number>();
  sids: number[] = [];
  anonymousReplies = 0;
  #waiters = new Map<number, (frame: Record<string, unknown>) => void>();
  closed: Promise<number>;

  private constructor(
    readonly socket: WebSocket,
    private readonly figures: WsFigures,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('message', (data: RawData) => this.#receive(data));
  }

  static async open(url: string, user: Credentials, figures: WsFigures): Promise<FuzzSocket> {
    const headers = signHeaders(user, { method: 'GET', path: new URL(url).pathname, timestampMs: Date.now() });
    const socket = new WebSocket(url, { headers, maxPayload: 64 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new FuzzSocket(socket, figures);
  }

  #receive(data: RawData): void {
    this.figures.framesReceived++;
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.figures.problems.push(`server sent a frame that is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    checkFrame(frame);
    if (frame.type === 'error') {
      const code = (frame.msg as { code?: unknown } | undefined)?.code;
      this.figures.errorFrames.add(String(code));
      if (!isKalshiErrorFrame(frame)) this.figures.problems.push(`error frame not Kalshi-shaped (${describeSchemaErrors(isKalshiErrorFrame)}): ${text.slice(0, 300)}`);
    }
    if (typeof frame.id === 'number') {
      // A reply naming an id this socket never sent means the runner misjudged which frames carry one.
      if (!this.sentIds.has(frame.id)) this.figures.problems.push(`a reply carries id ${frame.id}, which no command on this socket sent: ${text.slice(0, 200)}`);
      this.pending.delete(frame.id);
      this.#waiters.get(frame.id)?.(frame);
    } else if (isReplyType(String(frame.type))) this.anonymousReplies++;
  }

  /**
   * Sends a command and resolves with the first frame carrying its id. The socket closing first
   * fails at once, naming the close code: a send on a closed socket is dropped without an error,
   * and an unexplained 10 s timeout would hide that the exchange had closed the connection.
   */
  request(command: Record<string, unknown> & { id: number }): Promise<Record<string, unknown>> {
    const described = JSON.stringify(command);
    const unanswered = new Promise<never>((_, reject) => {
      void this.closed.then((code) => reject(new Error(`the exchange closed the socket (${code}) before replying to ${described}`)));
    });
    const answered = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${described} within ${SENTINEL_TIMEOUT_MS} ms`)), SENTINEL_TIMEOUT_MS);
      void this.closed.then(() => clearTimeout(timer));
      this.#waiters.set(command.id, (frame) => {
        clearTimeout(timer);
        this.#waiters.delete(command.id);
        resolve(frame);
      });
      this.sentIds.add(command.id);
      this.socket.send(described);
    });
    return Promise.race([answered, unanswered]);
  }
}

export interface WsRun {
  url: string;
  user: Credentials;
  world: FuzzWorld;
  seed: number;
  /** Index of this socket's first frame in the run (frames are numbered across sockets). */
  claim: () => number | undefined;
  figures: WsFigures;
}

const ROUND = 25;

/** Sends frames until `claim` runs out, reconnecting whenever the server closes the socket. */
export async function fuzzSocket(run: WsRun): Promise<void> {
  const { figures } = run;
  let conn = await FuzzSocket.open(run.url, run.user, figures);
  let nextId = 1;
  let anonymousSent = 0;
  for (;;) {
    let oversized = false;
    let sentThisRound = 0;
    for (let i = 0; i < ROUND && !oversized; i++) {
      const index = run.claim();
      if (index === undefined) break;
      const frame = generateFrame(Prng.forItem(run.seed, index), run.world, conn.sids, nextId++);
      conn.socket.send(frame.data, { binary: frame.binary });
      figures.framesSent++;
      sentThisRound++;
      oversized = frame.oversized;
      if (frame.oversized) continue;
      if (frame.replyId !== undefined) {
        conn.pending.add(frame.replyId);
        conn.sentIds.add(frame.replyId);
      } else anonymousSent++;
    }
    if (oversized) {
      const code = await conn.closed;
      if (code !== 1009) figures.problems.push(`an oversized frame closed the socket with ${code}, not 1009`);
      // The commands before it arrived whole and are handled in order, so their replies precede the close.
      if (conn.pending.size > 0) figures.problems.push(`commands before an oversized frame never answered: ids ${[...conn.pending].slice(0, 10).join(', ')}`);
      figures.oversizedCloses++;
      figures.reconnects++;
      conn = await FuzzSocket.open(run.url, run.user, figures);
      anonymousSent = 0;
      continue;
    }
    // Frames are handled in order, so once this reply is in, every earlier command was handled.
    const sentinel = nextId++;
    const list = await conn.request({ id: sentinel, cmd: 'list_subscriptions' });
    if (conn.pending.size > 0) figures.problems.push(`commands never answered: ids ${[...conn.pending].slice(0, 10).join(', ')}`);
    conn.pending.clear();
    if (conn.anonymousReplies < anonymousSent) {
      figures.problems.push(`${anonymousSent} frames without an id drew only ${conn.anonymousReplies} replies`);
    }
    conn.sids = Array.isArray(list.msg) ? (list.msg as { sid: number }[]).map((s) => s.sid) : [];
    if (conn.sids.length > MAX_SIDS) {
      const reply = await conn.request({ id: nextId++, cmd: 'unsubscribe', params: { sids: conn.sids } });
      if (reply.type !== 'unsubscribed') figures.problems.push(`unsubscribing every live sid failed: ${JSON.stringify(reply).slice(0, 200)}`);
      conn.sids = [];
    }
    if (sentThisRound < ROUND) break;
  }
  conn.socket.close();
  await conn.closed;
}

export const newWsFigures = (): WsFigures => ({
  framesSent: 0,
  framesReceived: 0,
  errorFrames: new Tally(),
  oversizedCloses: 0,
  reconnects: 0,
  problems: [],
});
