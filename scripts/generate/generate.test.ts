import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { generate } from './index.js';
import { loadYaml, specPaths, type Json } from './load.js';

const paths = specPaths(resolve(import.meta.dirname, '../..'));
const haveSpecs = existsSync(paths.openapi) && existsSync(paths.asyncapi);

function proseIn(node: Json, out: Set<string>, parentKey = ''): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => proseIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (parentKey !== 'properties' && (key === 'description' || key === 'summary') && typeof value === 'string') {
        // Whole sentences only: short labels such as "Market" would also be type names.
        for (const sentence of value.split(/(?<=\.)\s+/)) if (sentence.length >= 40) out.add(sentence.trim());
      } else proseIn(value, out, key);
    }
  }
  return out;
}

describe.skipIf(!haveSpecs)('generator', async () => {
  const files = haveSpecs ? await generate(paths) : new Map<string, string>();
  const output = [...files.values()].join('\n');

  it('is deterministic', async () => {
    const again = await generate(paths);
    expect([...again.entries()]).toEqual([...files.entries()]);
  });

  it('copies no prose from either spec', () => {
    const prose = proseIn(loadYaml(paths.asyncapi), proseIn(loadYaml(paths.openapi), new Set()));
    expect(prose.size).toBeGreaterThan(100);
    const leaked = [...prose].filter((sentence) => output.includes(sentence));
    expect(leaked).toEqual([]);
  });

  it('keeps nullable on fields that reference another schema', () => {
    const types = files.get('rest-types.ts')!;
    expect(types).toMatch(/open_dollars\?: components\["schemas"\]\["FixedPointDollars"\] \| null;/);
  });

  it('catalogs every operation with its facts', async () => {
    const { operations } = await import('../../packages/kalshi/src/generated/catalog.js');
    const ops = Object.values(operations);
    expect(ops).toHaveLength(117);
    expect(operations.CreateOrderV2).toMatchObject({
      method: 'POST', path: '/portfolio/events/orders', tag: 'orders', auth: true, bucket: 'write',
      requestBody: 'CreateOrderV2Request', response: 'CreateOrderV2Response', successStatus: 201, cost: null,
    });
    expect(operations.GetMarkets).toMatchObject({ auth: false, bucket: 'read', response: 'GetMarketsResponse' });
    const limit = operations.GetMarkets.params.find((p) => p.name === 'limit');
    expect(limit).toMatchObject({ in: 'query', type: 'integer', minimum: 0, maximum: 1000 });
    expect(operations.GetOrder.cost).toEqual({ tokens: 2, perItem: false });
    expect(operations.BatchCreateOrdersV2.cost).toEqual({ tokens: 10, perItem: true });
    expect(operations.BatchCancelOrdersV2.cost).toEqual({ tokens: 2, perItem: true });
    expect(operations.UpgradeAccountApiUsageLevel).toMatchObject({ cost: { tokens: 30, perItem: false }, bucket: 'write' });
    expect(operations.GetQuote.deprecated).toBe(true);
    expect(operations.CancelAllOrders.response).toBeNull();
  });

  it('emits JSON schemas a validator can use on their own', async () => {
    const { restSchemas, wsSchemas } = await import('../../packages/kalshi/src/generated/schemas.js');
    for (const [id, defs] of [['rest', restSchemas], ['ws', wsSchemas]] as const) {
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajv.addSchema({ $id: id, $defs: defs });
      // Compiling every definition proves each ref resolves inside the bundle.
      for (const name of Object.keys(defs)) expect(ajv.getSchema(`${id}#/$defs/${name}`), name).toBeTypeOf('function');
    }
    const ajv = new Ajv({ strict: false });
    ajv.addSchema({ $id: 'rest', $defs: restSchemas });
    const balance = ajv.getSchema('rest#/$defs/GetBalanceResponse')!;
    expect(balance({ balance: 100, balance_dollars: '1.00', portfolio_value: 0, updated_ts: 1 })).toBe(true);
    expect(balance({ balance: 100, portfolio_value: 0, updated_ts: 1 })).toBe(false);
    expect(balance({ balance: 'lots' })).toBe(false);
  });
});
