import type { Clock, FetchLike } from '../../src/index.js';

/** Time that only moves when the code under test sleeps (or a test says so); records every sleep. */
export class FakeClock implements Clock {
  time = 1_700_000_000_000;
  sleeps: number[] = [];
  now() {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.sleeps.push(ms);
    this.time += ms;
  }
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang' | Error;

/** A fetch that answers from a script of replies (the last one repeats) and records each call. */
export function scriptedFetch(replies: Reply[] | ((call: RecordedCall, index: number) => Reply)) {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { url, method: init.method, headers: { ...init.headers }, body: init.body, signal: init.signal };
    calls.push(call);
    const reply = typeof replies === 'function' ? replies(call, calls.length - 1) : replies[Math.min(calls.length - 1, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    if (reply === 'hang') {
      return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true }));
    }
    const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const headers = new Headers(reply.headers ?? {});
    return { status: reply.status, headers, text: async () => text };
  };
  return { fetch, calls };
}
