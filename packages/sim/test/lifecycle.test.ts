import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startExchange } from '../src/index.js';

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;

async function waitFor(check: () => boolean, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('lifecycle', () => {
  it('binds a free port on loopback and reports its URLs', async () => {
    const ex = await startExchange();
    try {
      expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ex.restUrl).toBe(`${ex.url}/trade-api/v2`);
      expect(ex.wsUrl).toBe(`ws://127.0.0.1:${ex.port}/trade-api/ws/v2`);
    } finally {
      await ex.close();
    }
  });

  it('close() drops keep-alive and idle connections and leaves no TCP handles', async () => {
    const baseline = tcpHandles();
    const ex = await startExchange();
    for (let i = 0; i < 5; i++) expect((await fetch(`${ex.restUrl}/exchange/status`)).status).toBe(200);
    const idle = connect(ex.port, '127.0.0.1');
    await new Promise((r) => idle.once('connect', r));
    const started = Date.now();
    await ex.close();
    await ex.close(); // idempotent
    // Far below the 5 s keep-alive timeout: connections were destroyed, not waited out.
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((r) => idle.once('close', r));
    expect(await waitFor(() => tcpHandles() <= baseline)).toBe(true);
    expect(ex.db.raw.open).toBe(false);
    await expect(fetch(`${ex.restUrl}/exchange/status`)).rejects.toThrow();
  });

  it('the kalshi-sim bin prints its URL and env line and stops on SIGTERM', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/sim/src/bin.ts', '--port', '0', '--seed', '3'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      expect(await waitFor(() => /export KALSHI_BASE_URL=\S+/.test(out), 15_000), out).toBe(true);
      const base = /export KALSHI_BASE_URL=(\S+)/.exec(out)![1]!;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/);
      const res = await fetch(`${base}/markets/KXFED-26MAR-H0`);
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('the bin refuses bad arguments with a usage line', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/sim/src/bin.ts', '--port', 'abc'], { cwd: root });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be a non-negative integer/);
    expect(err).toMatch(/Usage: kalshi-sim/);
  });
});
