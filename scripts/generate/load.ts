import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SpecPaths {
  openapi: string;
  asyncapi: string;
}

/** Spec locations: env vars win, then the shared folder beside the repository. */
export function specPaths(repoRoot: string, env: NodeJS.ProcessEnv = process.env): SpecPaths {
  return {
    openapi: resolve(env.KALSHI_OPENAPI ?? resolve(repoRoot, '../shared/kalshi/openapi.yaml')),
    asyncapi: resolve(env.KALSHI_ASYNCAPI ?? resolve(repoRoot, '../shared/kalshi/asyncapi.yaml')),
  };
}

export function loadYaml(path: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read spec ${path}: pass a path or set KALSHI_OPENAPI / KALSHI_ASYNCAPI`);
  }
  const doc = parse(text, { maxAliasCount: -1 }) as unknown;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${path} is not a YAML mapping`);
  return doc as JsonObject;
}

// Keys whose values are prose (or vendor notes) rather than facts about names and types. The
// spec's wording is Kalshi's, so none of it may reach the generated output.
const PROSE_KEYS = new Set(['description', 'summary', 'example', 'examples', 'title', 'externalDocs']);
// Keys whose values are maps from user-chosen names to nodes: a child named "description" there
// is a field of the API, not prose, and must be kept.
const NAME_MAPS = new Set([
  'properties', 'patternProperties', 'schemas', 'paths', 'responses', 'content', 'headers',
  'securitySchemes', 'messages', 'channels', 'operations', '$defs', 'definitions', 'parameters',
]);

/** Deep copy of a spec node with prose and vendor extensions removed. */
export function stripProse(node: Json, parentKey = ''): Json {
  if (Array.isArray(node)) return node.map((item) => stripProse(item));
  if (node === null || typeof node !== 'object') return node;
  const isNameMap = NAME_MAPS.has(parentKey);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && (PROSE_KEYS.has(key) || key.startsWith('x-'))) continue;
    out[key] = stripProse(value, isNameMap ? '' : key);
  }
  return out;
}

/** Follows a local `#/a/b` reference inside a document. */
export function resolveRef(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new Error(`only local refs are supported, got ${ref}`);
  let node: Json = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !(key in node)) {
      throw new Error(`unresolvable ref ${ref}`);
    }
    node = node[key] as Json;
  }
  return node;
}

export function deref<T extends Json>(doc: JsonObject, node: T): Json {
  let current: Json = node;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string') {
    if (seen.has(current.$ref)) throw new Error(`ref cycle at ${current.$ref}`);
    seen.add(current.$ref);
    current = resolveRef(doc, current.$ref);
  }
  return current;
}

export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}
