import type { Json, JsonObject } from './load.js';

// Annotations that validators do not need; `deprecated` is also unknown to draft-07 validators.
const DROP = new Set(['deprecated', 'discriminator', 'xml', 'readOnly', 'writeOnly']);

/**
 * Turns one OpenAPI 3.0 / AsyncAPI schema into plain JSON Schema: `nullable` becomes a `null`
 * alternative and every component ref points into the bundle's own `$defs`, so a validator needs
 * nothing but the generated bundle.
 */
export function toJsonSchema(node: Json, refPrefix: string, inNameMap = false): Json {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, refPrefix));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (inNameMap) {
      out[key] = toJsonSchema(value, refPrefix);
      continue;
    }
    if (DROP.has(key) || key === 'nullable') continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = `#/$defs/${value.slice(refPrefix.length)}`;
      continue;
    }
    out[key] = toJsonSchema(value, refPrefix, key === 'properties' || key === 'patternProperties');
  }
  if (!inNameMap && (node as JsonObject).nullable === true) return allowNull(out);
  return out;
}

function allowNull(schema: JsonObject): JsonObject {
  if (typeof schema.type === 'string' && !schema.$ref && !schema.allOf) {
    const widened: JsonObject = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) widened.enum = [...schema.enum, null];
    return widened;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

/** All component schemas of a spec, converted, keyed by name. */
export function schemaBundle(schemas: JsonObject, refPrefix: string): JsonObject {
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) out[name] = toJsonSchema(schema, refPrefix);
  return out;
}
