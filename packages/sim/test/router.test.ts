import { describe, expect, it } from 'vitest';
import { operations, type OperationSpec } from 'kalshi-ts/generated';
import { ApiError } from '../src/server/errors.js';
import { decodeSegments, Router } from '../src/server/router.js';

const ops = Object.values(operations) as OperationSpec[];
const router = new Router(ops);
const seg = (path: string) => decodeSegments(path);

function matchError(method: string, path: string): ApiError {
  try {
    router.match(method, seg(path));
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error(`expected ${method} ${path} to fail`);
}

describe('Router', () => {
  it('routes every catalog operation to itself', () => {
    expect(ops).toHaveLength(117);
    for (const op of ops) {
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => `x-${name}`);
      const m = router.match(op.method, seg(path));
      expect(m.op.id, `${op.method} ${op.path}`).toBe(op.id);
    }
  });

  it('prefers literal segments over placeholders', () => {
    expect(router.match('GET', seg('/markets/trades')).op.id).toBe('GetTrades');
    expect(router.match('GET', seg('/markets/KXFED-26MAR-H0')).op.id).toBe('GetMarket');
    expect(router.match('GET', seg('/portfolio/orders/queue_positions')).op.id).toBe('GetOrderQueuePositions');
    expect(router.match('GET', seg('/portfolio/orders/abc')).op.id).toBe('GetOrder');
    expect(router.match('GET', seg('/events/fee_changes')).op.id).toBe('GetEventFeeChanges');
  });

  it('backtracks from a literal to a placeholder when the literal branch dead-ends', () => {
    const m = router.match('GET', seg('/live_data/milestone/milestone/42'));
    expect(m.op.id).toBe('GetLiveData');
    expect(m.params).toEqual({ type: 'milestone', milestone_id: '42' });
    expect(router.match('GET', seg('/live_data/milestone/42')).op.id).toBe('GetLiveDataByMilestone');
  });

  it('decodes path parameters, keeping encoded slashes inside the segment', () => {
    const m = router.match('GET', seg('/markets/A%2FB%20C'));
    expect(m.params).toEqual({ ticker: 'A/B C' });
  });

  it('answers 404 for unknown paths and 405 with Allow for a wrong method', () => {
    expect(matchError('GET', '/nothing/here').status).toBe(404);
    const e = matchError('PATCH', '/portfolio/events/orders');
    expect(e.status).toBe(405);
    expect(e.headers.Allow).toBe('DELETE, POST');
    expect(e.toBody()).toMatchObject({ code: 'method_not_allowed' });
  });

  it('rejects malformed percent-encoding with a 400', () => {
    expect(() => seg('/markets/%E0%A4%A')).toThrowError(ApiError);
  });
});
