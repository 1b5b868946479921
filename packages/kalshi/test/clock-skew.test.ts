import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, Kalshi, type ClientOptions, type FetchLike } from '../src/index.js';
import { ClockOffset } from '../src/internal/clock-offset.js';
import { FakeClock, scriptedFetch, type RecordedCall, type Reply } from './helpers/fake.js';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const BASE = 'http://127.0.0.1:9/trade-api/v2';
const order = { ticker: 'KXTEST-1', side: 'bid', count: 1, price: '0.50', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' } as const;

interface Line {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function setup(replies: Reply[] | ((call: RecordedCall, index: number) => Reply), options: ClientOptions = {}) {
  const clock = new FakeClock();
  const lines: Line[] = [];
  const line = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push({ level, message, fields });
  const logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
  const { fetch, calls } = scriptedFetch(replies);
  const kalshi = new Kalshi({ baseURL: BASE, fetch, clock, logger, rateLimit: false, apiKeyId: 'key-1', privateKey: pem, ...options });
  const stamps = () => calls.map((c) => Number(c.headers['KALSHI-ACCESS-TIMESTAMP']));
  return { kalshi, calls, clock, lines, stamps };
}

const date = (ms: number) => new Date(ms).toUTCString();
const unauthorized = (serverMs: number): Reply => ({
  status: 401,
  body: { code: 'authentication_error', message: 'bad timestamp', details: '' },
  headers: { date: date(serverMs) },
});

describe('clock skew correction', () => {
  it('a 401 with a Date header 90 s ahead: warns, re-signs with the server time and retries once, even a POST', async () => {
    const ahead = 90_000;
    const { kalshi, calls, clock, lines, stamps } = setup((call, i) =>
      i === 0 ? unauthorized(clock.time + ahead) : { status: 201, body: { order_id: 'o1', fill_count: '0.00', remaining_count: '1.00', ts_ms: 1 }, headers: { date: date(clock.time + ahead) } },
    );
    const created = await kalshi.orders.create(order, { maxRetries: 0 });
    expect(created.order_id).toBe('o1');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).toBe(calls[1]!.body); // same client_order_id on the retry
    const [first, second] = stamps();
    expect(first).toBe(clock.time);
    // The Date header is whole seconds: the corrected stamp lands within a second below server time.
    expect(second! - (clock.time + ahead)).toBeLessThanOrEqual(0);
    expect(second! - (clock.time + ahead)).toBeGreaterThan(-1_000);
    const warn = lines.find((l) => l.level === 'warn' && l.message === 'kalshi clock skew');
    expect(warn?.fields).toMatchObject({ path: '/portfolio/events/orders', offsetMs: expect.any(Number) });
    expect(Math.abs((warn!.fields!.skewMs as number) - ahead)).toBeLessThan(1_000);
    // Later requests are signed with the correction from the start.
    await kalshi.portfolio.balance();
    expect(Math.abs(stamps()[2]! - (clock.time + ahead))).toBeLessThan(1_000);
    expect(Math.abs(kalshi.clock.now() - (clock.time + ahead))).toBeLessThan(1_000);
  });

  it('also corrects a local clock that is ahead of the server', async () => {
    const { kalshi, clock, stamps } = setup((call, i) => (i === 0 ? unauthorized(clock.time - 120_000) : { status: 200, body: { balance: 1 } }));
    await kalshi.portfolio.balance();
    expect(stamps()[1]! - (clock.time - 120_000)).toBeLessThanOrEqual(0);
    expect(stamps()[1]! - (clock.time - 120_000)).toBeGreaterThan(-1_000);
  });

  it('a 401 with the clock right is thrown as it is, without a retry or a warning', async () => {
    const { kalshi, calls, clock, lines } = setup(() => unauthorized(clock.time));
    await expect(kalshi.portfolio.balance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('retries only once: a 401 that persists after the correction is thrown', async () => {
    const { kalshi, calls, clock } = setup(() => unauthorized(clock.time + 3_600_000));
    await expect(kalshi.orders.create(order)).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(2);
  });

  it('corrects again when the server clock jumps while the retry is on the wire, a few times at most', async () => {
    // Every answer is a 401 from a server whose clock has jumped another 90 s since the last one.
    let serverAhead = 0;
    const { kalshi, calls, clock } = setup(() => unauthorized(clock.time + (serverAhead += 90_000)));
    await expect(kalshi.orders.create(order)).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(4); // the first attempt and three corrections
    // Two jumps, then a server that holds still: the second correction goes through.
    let answers = 0;
    const settled = setup(() => (++answers <= 2 ? unauthorized(settled.clock.time + answers * 90_000) : { status: 201, body: { order: { order_id: 'o1' } } }));
    await expect(settled.kalshi.orders.create(order)).resolves.toBeDefined();
    expect(settled.calls).toHaveLength(3);
  });

  it('a 401 without a Date header, or with garbage in it, is not retried', async () => {
    for (const headers of [{}, { date: 'yesterday-ish' }] as Record<string, string>[]) {
      const { kalshi, calls } = setup([{ status: 401, body: { code: 'authentication_error', message: 'no' }, headers }]);
      await expect(kalshi.portfolio.balance()).rejects.toBeInstanceOf(AuthenticationError);
      expect(calls).toHaveLength(1);
    }
  });

  it('requests signed before another one corrected the clock are retried too', async () => {
    const clock = new FakeClock();
    const ahead = 60_000;
    const stamps: number[] = [];
    let open: () => void = () => {};
    const bothSent = new Promise<void>((r) => (open = r));
    // Both first attempts are on the wire (signed with the uncorrected clock) before either answer comes back.
    const fetch: FetchLike = async (_url, init) => {
      stamps.push(Number(init.headers['KALSHI-ACCESS-TIMESTAMP']));
      if (stamps.length === 2) open();
      if (stamps.length > 2) return { status: 200, headers: new Headers(), text: async () => '{"balance":1}' };
      await bothSent;
      return { status: 401, headers: new Headers({ date: date(clock.time + ahead) }), text: async () => '{"code":"authentication_error"}' };
    };
    const kalshi = new Kalshi({ baseURL: BASE, fetch, clock, rateLimit: false, apiKeyId: 'key-1', privateKey: pem });
    await Promise.all([kalshi.portfolio.balance(), kalshi.portfolio.balance()]);
    expect(stamps).toHaveLength(4);
    expect(stamps.slice(0, 2)).toEqual([clock.time, clock.time]);
    for (const stamp of stamps.slice(2)) expect(Math.abs(stamp - (clock.time + ahead))).toBeLessThan(1_000);
  });

  it('clockSkewCorrection: false signs with the local clock and throws the 401', async () => {
    const { kalshi, calls, clock } = setup(() => unauthorized(clock.time + 90_000), { clockSkewCorrection: false });
    await expect(kalshi.portfolio.balance()).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(1);
    expect(kalshi.clock.now()).toBe(clock.time);
  });
});

describe('ClockOffset', () => {
  it('moves only past the threshold, and measures later skews from the corrected time', () => {
    const offset = new ClockOffset(2_000);
    const local = 1_700_000_000_000;
    expect(offset.observe(date(local + 1_500), local)).toBeUndefined();
    expect(offset.offsetMs).toBe(0);
    expect(offset.observe(date(local + 10_000), local)).toBe(10_000);
    expect(offset.offsetMs).toBe(10_000);
    expect(offset.observe(date(local + 10_000), local)).toBeUndefined();
    expect(offset.observe(date(local - 5_000), local)).toBe(-15_000);
    expect(offset.offsetMs).toBe(-5_000);
  });
});
