// The fuzzer's HTTP client: one keep-alive undici Pool, so the run measures the exchange and
// not connection setup. A request undici itself refuses to send is reported as such, not as a
// server problem.
import { Pool } from 'undici';
import type { FuzzRequest } from './rest.js';

export interface Answer {
  status: number;
  text: string;
  /** Set when the request never got an answer: the client refused it, or the server hung up. */
  transportError?: string;
}

export function openPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 10_000, headersTimeout: 20_000, bodyTimeout: 20_000 });
}

export async function send(pool: Pool, req: Pick<FuzzRequest, 'method' | 'path' | 'headers' | 'body'>): Promise<Answer> {
  try {
    const res = await pool.request({ method: req.method, path: req.path, headers: req.headers, body: req.body });
    return { status: res.statusCode, text: await res.body.text() };
  } catch (error) {
    const err = error as { code?: string; message?: string };
    return { status: 0, text: '', transportError: `${err.code ?? 'error'}: ${err.message ?? String(error)}` };
  }
}
