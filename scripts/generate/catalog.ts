import { deref, refName, type Json, type JsonObject } from './load.js';

export interface ParamSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  type: string;
  format?: string;
  items?: string;
  enum?: Json[];
  minimum?: number;
  maximum?: number;
  default?: Json;
}

export interface OperationSpec {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  tag: string;
  params: ParamSpec[];
  requestBody: string | null;
  requestBodyRequired: boolean;
  response: string | null;
  successStatus: number;
  auth: boolean;
  deprecated: boolean;
  bucket: 'read' | 'write';
  cost: { tokens: number; perItem: boolean } | null;
}

const METHODS = ['get', 'post', 'put', 'delete'] as const;

// Kalshi bills order entry, order groups and the RFQ quote flow to the write bucket and
// everything else to the read bucket (NOTES.md §3, rate-limits page). The spec carries no
// machine-readable bucket, so this rule lives here: writes under these tags, plus the one
// operation whose documented cost is charged to the write bucket.
const WRITE_TAGS = new Set(['orders', 'order-groups']);
const WRITE_OPERATIONS = new Set([
  'CreateQuote', 'DeleteQuote', 'AcceptQuote', 'ConfirmQuote',
  'DeleteRFQQuote', 'AcceptRFQQuote', 'ConfirmRFQQuote', 'UpgradeAccountApiUsageLevel',
]);

function bucketOf(id: string, method: string, tag: string): 'read' | 'write' {
  if (WRITE_OPERATIONS.has(id)) return 'write';
  return method !== 'get' && WRITE_TAGS.has(tag) ? 'write' : 'read';
}

/**
 * Token cost, where the spec states a non-default one. The number is a fact from the vendor note
 * on the operation (`x-mint`); the note's wording is not kept.
 */
function costOf(operation: JsonObject): OperationSpec['cost'] {
  const note = operation['x-mint'];
  const text = note && typeof note === 'object' && !Array.isArray(note) ? note.content : undefined;
  if (typeof text !== 'string') return null;
  const match = /(\d+)\s+tokens?\s+per\s+(request|order|item|cancel)/i.exec(text);
  if (!match) return null;
  return { tokens: Number(match[1]), perItem: match[2]!.toLowerCase() !== 'request' };
}

function paramOf(doc: JsonObject, raw: Json): ParamSpec {
  const param = deref(doc, raw) as JsonObject;
  const schema = deref(doc, (param.schema ?? {}) as Json) as JsonObject;
  const spec: ParamSpec = {
    name: String(param.name),
    in: param.in as ParamSpec['in'],
    required: param.required === true,
    type: String(schema.type ?? 'string'),
  };
  if (typeof schema.format === 'string') spec.format = schema.format;
  if (schema.items) spec.items = String((deref(doc, schema.items) as JsonObject).type ?? 'string');
  if (Array.isArray(schema.enum)) spec.enum = schema.enum;
  if (typeof schema.minimum === 'number') spec.minimum = schema.minimum;
  if (typeof schema.maximum === 'number') spec.maximum = schema.maximum;
  if (schema.default !== undefined) spec.default = schema.default;
  return spec;
}

function schemaNameOf(doc: JsonObject, container: Json | undefined): string | null {
  if (!container) return null;
  const resolved = deref(doc, container) as JsonObject;
  const content = resolved.content as JsonObject | undefined;
  const schema = (content?.['application/json'] as JsonObject | undefined)?.schema as JsonObject | undefined;
  if (!schema) return null;
  if (typeof schema.$ref !== 'string') throw new Error('inline request/response schemas are not supported');
  return refName(schema.$ref);
}

export function buildCatalog(doc: JsonObject): OperationSpec[] {
  const out: OperationSpec[] = [];
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    const pathItem = item as JsonObject;
    const shared = (pathItem.parameters ?? []) as Json[];
    for (const method of METHODS) {
      const operation = pathItem[method] as JsonObject | undefined;
      if (!operation) continue;
      const id = String(operation.operationId);
      const tag = String((operation.tags as Json[] | undefined)?.[0] ?? 'default');
      const responses = operation.responses as JsonObject;
      const success = Object.keys(responses).filter((code) => code.startsWith('2'));
      if (success.length !== 1) throw new Error(`${id}: expected one success response, got ${success.join(',')}`);
      const body = operation.requestBody ? (deref(doc, operation.requestBody) as JsonObject) : undefined;
      out.push({
        id,
        method: method.toUpperCase() as OperationSpec['method'],
        path,
        tag,
        params: [...shared, ...((operation.parameters ?? []) as Json[])].map((p) => paramOf(doc, p)),
        requestBody: schemaNameOf(doc, body),
        requestBodyRequired: body?.required === true,
        response: schemaNameOf(doc, responses[success[0]!]),
        successStatus: Number(success[0]),
        auth: Array.isArray(operation.security) && operation.security.length > 0,
        deprecated: operation.deprecated === true,
        bucket: bucketOf(id, method, tag),
        cost: costOf(operation),
      });
    }
  }
  return out;
}
