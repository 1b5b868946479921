import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { restSchemas } from 'kalshi-ts/generated';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDateTime = (value: string): boolean => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

/**
 * One Ajv holding Kalshi's component schemas (`rest#/$defs/<Name>`), with the formats the spec
 * uses, so requests and (in tests) responses are checked against the official shapes.
 * Compiled validators are cached per schema name.
 */
export class SchemaRegistry {
  readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    // strict: false because the bundle is generated from OpenAPI and may carry keywords Ajv does
    // not know; allErrors so a 400 can list every problem at once.
    this.ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
    this.ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
    this.ajv.addFormat('uuid', { type: 'string', validate: (s: string) => UUID.test(s) });
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
    this.ajv.addSchema({ $id: 'rest', $defs: restSchemas });
  }

  /** The validator for a component schema, e.g. `validator('CreateOrderV2Request')`. */
  validator(name: string): ValidateFunction {
    let fn = this.cache.get(name);
    if (!fn) {
      fn = this.ajv.getSchema(`rest#/$defs/${name}`);
      if (!fn) throw new Error(`no schema named ${name} in the REST bundle`);
      this.cache.set(name, fn);
    }
    return fn;
  }
}

/** `/orders/2/price` -> `orders[2].price`; the root is `root`. */
export function fieldPath(pointer: string, root: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || root;
}

/** One readable line per Ajv error: `<field path>: <what was wrong>`. */
export function describeErrors(errors: readonly ErrorObject[], root = 'body'): string[] {
  const lines = errors.map((e) => {
    const base = e.instancePath;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') {
      return `${fieldPath(`${base}/${String(params.missingProperty)}`, root)}: is required`;
    }
    if (e.keyword === 'additionalProperties') {
      return `${fieldPath(`${base}/${String(params.additionalProperty)}`, root)}: is not an accepted field`;
    }
    if (e.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return `${fieldPath(base, root)}: must be one of ${allowed}`;
    }
    return `${fieldPath(base, root)}: ${e.message ?? 'is invalid'}`;
  });
  return [...new Set(lines)];
}
