import openapiTS, { astToString } from 'openapi-typescript';
import type { Json, JsonObject } from './load.js';

const OPTIONS = {
  // Plain `export type Market = ...` aliases beside the components interface.
  rootTypes: true,
  rootTypesNoSchemaPrefix: true,
  // String-literal unions, never TS enums.
  enum: false,
  alphabetize: false,
  defaultNonNullable: false,
} as const;

/** TypeScript declarations for a spec that has already been stripped of prose. */
export async function typesFor(doc: JsonObject): Promise<string> {
  const ast = await openapiTS(nullableRefs(doc) as never, OPTIONS);
  return astToString(ast);
}

/**
 * OpenAPI 3.0 ignores siblings of `$ref`, so openapi-typescript drops `nullable: true` written
 * beside one, and fields Kalshi sends as null would be typed non-null. Wrapping the ref in
 * `allOf` keeps the ref and makes the `nullable` count.
 */
export function nullableRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullableRefs);
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string' && node.nullable === true) {
    const { $ref, nullable: _nullable, ...rest } = node;
    return { ...mapValues(rest), allOf: [{ $ref }], nullable: true };
  }
  return mapValues(node);
}

function mapValues(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableRefs(value);
  return out;
}

/**
 * AsyncAPI schemas are JSON Schema too: wrapping them in a minimal OpenAPI 3.1 document lets the
 * same tool type the WebSocket messages.
 */
export function asOpenApiDocument(schemas: JsonObject): JsonObject {
  return { openapi: '3.1.0', info: { title: 'ws', version: '0' }, paths: {}, components: { schemas } };
}
