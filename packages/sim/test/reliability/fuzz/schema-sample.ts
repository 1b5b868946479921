// Builds plausible values from the spec's JSON Schemas, so most fuzzed requests get past the
// schema check and reach the handlers' own rules. Field names steer the choice toward live
// state (a real ticker, an order id that exists) the way a real client's requests would be.
import type { JsonSchema } from 'kalshi-ts/generated';
import type { Prng } from './prng.js';

/** Live names the sampler plugs in, refreshed as the run creates orders. */
export interface FuzzWorld {
  tickers: readonly string[];
  eventTickers: readonly string[];
  seriesTickers: readonly string[];
  orderIds: readonly string[];
}

const CENT_PRICES = Array.from({ length: 99 }, (_, i) => `0.${String(i + 1).padStart(2, '0')}`);

/** A value for a field, judged by its name, or undefined to fall back on the schema. */
export function hinted(prng: Prng, name: string, world: FuzzWorld): unknown {
  if (name === 'market_ticker' || name === 'ticker' || name === 'tickers' || name === 'market_tickers') {
    return name.endsWith('s') ? Array.from({ length: prng.int(1, 3) }, () => prng.pick(world.tickers)) : prng.pick(world.tickers);
  }
  if (name === 'event_ticker') return prng.pick(world.eventTickers);
  if (name === 'series_ticker') return prng.pick(world.seriesTickers);
  if (name === 'order_id' && world.orderIds.length > 0) return prng.pick(world.orderIds);
  if (name === 'price' || name.endsWith('price_dollars')) return prng.pick(CENT_PRICES);
  if (name === 'count' || name === 'reduce_by' || name === 'reduce_to' || name.endsWith('_fp')) return `${prng.int(1, 20)}.00`;
  if (name === 'subaccount') return 0;
  if (name === 'client_order_id') return `fuzz-${prng.int(0, 1e9)}`;
  if (name === 'limit') return prng.int(1, 50);
  return undefined;
}

export class SchemaSampler {
  constructor(
    private readonly defs: Record<string, JsonSchema>,
    private readonly world: FuzzWorld,
  ) {}

  /** A value for the component schema `name`. */
  ofName(prng: Prng, name: string): unknown {
    return this.sample(prng, { $ref: `#/$defs/${name}` }, 0, '');
  }

  sample(prng: Prng, schema: JsonSchema, depth: number, field: string): unknown {
    const hint = field ? hinted(prng, field, this.world) : undefined;
    if (hint !== undefined) return hint;
    if (typeof schema.$ref === 'string') {
      const target = this.defs[schema.$ref.replace('#/$defs/', '')];
      return target ? this.sample(prng, target, depth + 1, field) : null;
    }
    const alternatives = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
    if (alternatives?.length) return this.sample(prng, prng.pick(alternatives), depth + 1, field);
    const all = schema.allOf as JsonSchema[] | undefined;
    if (all?.length) return this.sample(prng, all[0]!, depth + 1, field);
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum) && schema.enum.length > 0) return prng.pick(schema.enum);
    const type = Array.isArray(schema.type) ? prng.pick(schema.type as string[]) : (schema.type as string | undefined);
    switch (type) {
      case 'object':
        return this.#object(prng, schema, depth);
      case 'array': {
        if (depth > 6) return [];
        const min = (schema.minItems as number | undefined) ?? 0;
        const max = Math.min((schema.maxItems as number | undefined) ?? 3, min + 3);
        const singular = field.endsWith('s') ? field.slice(0, -1) : field;
        return Array.from({ length: prng.int(min, max) }, () => this.sample(prng, (schema.items as JsonSchema) ?? {}, depth + 1, singular));
      }
      case 'integer':
      case 'number': {
        const min = (schema.minimum as number | undefined) ?? 0;
        const max = (schema.maximum as number | undefined) ?? min + 100;
        const n = prng.int(Math.ceil(min), Math.floor(Math.min(max, min + 1000)));
        return type === 'number' && prng.chance(0.3) ? n + 0.5 : n;
      }
      case 'boolean':
        return prng.chance(0.5);
      case 'string':
        return this.#string(prng, schema);
      case 'null':
        return null;
      default:
        return depth > 6 ? null : prng.chance(0.5) ? prng.string(prng.int(1, 8), 'abc123') : prng.int(0, 100);
    }
  }

  #object(prng: Prng, schema: JsonSchema, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (depth > 6) return out;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
    for (const [name, prop] of Object.entries(properties)) {
      if (required.has(name) || prng.chance(0.3)) out[name] = this.sample(prng, prop, depth + 1, name);
    }
    return out;
  }

  #string(prng: Prng, schema: JsonSchema): string {
    switch (schema.format) {
      case 'date-time':
        return new Date(Date.UTC(2026, prng.int(0, 11), prng.int(1, 28))).toISOString();
      case 'uuid':
        return [8, 4, 4, 4, 12].map((n) => prng.string(n, '0123456789abcdef')).join('-');
      default:
        return prng.string(prng.int(1, 12), 'ABCDEFGHKXZ0123456789-');
    }
  }
}
