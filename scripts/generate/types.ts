import openapiTS, { astToString } from 'openapi-typescript';
import type { JsonObject } from './load.js';

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
  const ast = await openapiTS(doc as never, OPTIONS);
  return astToString(ast);
}

/**
 * AsyncAPI schemas are JSON Schema too: wrapping them in a minimal OpenAPI 3.1 document lets the
 * same tool type the WebSocket messages.
 */
export function asOpenApiDocument(schemas: JsonObject): JsonObject {
  return { openapi: '3.1.0', info: { title: 'ws', version: '0' }, paths: {}, components: { schemas } };
}
