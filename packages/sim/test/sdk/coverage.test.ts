import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATION_METHODS, operations, type OperationId } from 'kalshi-ts';
import { describe, expect, it } from 'vitest';

// Integration tests drive the SDK over real HTTP against the local exchange. An operation counts
// as covered when some test file here calls its SDK method (`kalshi.markets.list(`, or any client
// variable) — or, for the few without one, `.call('OperationId'`.
function testSources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts') && entry.name !== 'coverage.test.ts')
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('REST surface coverage', () => {
  it('every operation has an SDK method and an integration test against the local exchange', () => {
    const sources = testSources(import.meta.dirname);
    const ids = Object.keys(operations) as OperationId[];
    const missing: string[] = [];
    for (const id of ids) {
      const method = OPERATION_METHODS[id];
      const called = method !== undefined && new RegExp(`\\.${escape(method)}\\(`).test(sources);
      const viaCall = new RegExp(`\\.call\\(\\s*'${id}'`).test(sources);
      if (!called && !viaCall) missing.push(`${id} (${method ?? 'no SDK method'})`);
    }
    const covered = ids.length - missing.length;
    console.log(`covered ${covered}/${ids.length}`);
    expect(ids).toHaveLength(117);
    expect(missing).toEqual([]);
  });
});
