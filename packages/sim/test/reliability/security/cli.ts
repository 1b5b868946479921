// The `kalshi` CLI, run as real processes with the key given by environment, file and flag, made to
// fail every way a user can make it fail; everything it prints goes to the shared KeyLeakWatch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedKeyMaterial, runCli, sandbox } from '../../../../cli/test/helpers/cli.js';
import { admin } from '../../helpers/exchange.js';
import { extraKey, KEY_LABELS, world, type KeyLabel } from './fixtures.js';
import { closedPort } from './servers.js';

interface Case {
  what: string;
  args: string[];
  env: Record<string, string>;
  /** The documented exit code (README): 0 ok, 3 auth, 4 not found, 7 unavailable. */
  exit: number;
}

let box: ReturnType<typeof sandbox>;

function keyFile(name: string, text: string): string {
  const path = join(box.dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** The key of `label` handed to the CLI one of the three ways: a file in the env, key text in the env, or flags. */
function keyEnv(label: KeyLabel, how: 'env file' | 'env text' | 'flags'): { env: Record<string, string>; flags: string[] } {
  const key = world.keys[label];
  const passphrase = key.passphrase === undefined ? {} : { KALSHI_PRIVATE_KEY_PASSPHRASE: key.passphrase };
  const base = { ...box.env, KALSHI_BASE_URL: world.exchange.restUrl, ...passphrase } as Record<string, string>;
  if (how === 'env text') return { env: { ...base, KALSHI_API_KEY_ID: key.keyId, KALSHI_PRIVATE_KEY: key.pem }, flags: [] };
  const path = keyFile(`${label}.pem`, key.pem);
  if (how === 'env file') return { env: { ...base, KALSHI_API_KEY_ID: key.keyId, KALSHI_PRIVATE_KEY_PATH: path }, flags: [] };
  return { env: base, flags: ['--api-key-id', key.keyId, '--private-key-path', path] };
}

export function describeCli(): void {
  describe('the kalshi CLI prints no key material, succeeding or failing', () => {
    beforeAll(() => {
      box = sandbox();
    });
    afterAll(() => box?.cleanup());
    it('key by env file, env text and flags; bad key, bad passphrase, wrong host, 401, 403, 404', async () => {
      const ways = ['env file', 'env text', 'flags'] as const;
      const cases: Case[] = [];
      for (const [i, label] of KEY_LABELS.entries()) {
        const { env, flags } = keyEnv(label, ways[i % ways.length]!);
        cases.push({ what: `${label} ok`, args: [...flags, '--verbose', 'portfolio', 'balance'], env, exit: 0 });
        cases.push({ what: `${label} 404`, args: [...flags, '--verbose', 'markets', 'get', 'NO-SUCH-MARKET'], env, exit: 4 });
      }
      const rsa = world.keys.rsaPkcs1;
      const enc = world.keys.rsaEncrypted;
      const { env: base } = keyEnv('rsaPkcs1', 'env file');
      const lines = rsa.pem.trim().split('\n');
      const truncated = keyFile('truncated.pem', [...lines.slice(0, lines.length / 2), lines.at(-1)].join('\n'));
      const port = await closedPort();
      const deleted = await extraKey();
      await admin(world.exchange, 'DELETE', `/_sim/keys/${deleted.keyId}`);
      const readOnly = await extraKey({ scopes: ['read'] });
      cases.push(
        { what: 'truncated key file', args: ['keys', 'check'], env: { ...base, KALSHI_PRIVATE_KEY_PATH: truncated }, exit: 3 },
        { what: 'key text as the path', args: ['keys', 'check'], env: { ...base, KALSHI_PRIVATE_KEY_PATH: rsa.pem }, exit: 3 },
        { what: 'key text as the path flag', args: ['--private-key-path', rsa.pem, 'keys', 'check'], env: base, exit: 3 },
        { what: 'key text as the key id', args: ['keys', 'check'], env: { ...base, KALSHI_API_KEY_ID: rsa.pem, KALSHI_PRIVATE_KEY_PATH: '' }, exit: 3 },
        { what: 'key text as the key id flag', args: ['--api-key-id', rsa.pem.replace(/\n/g, ' '), 'keys', 'check'], env: base, exit: 3 },
        { what: 'wrong passphrase', args: ['keys', 'check'], env: { ...base, KALSHI_API_KEY_ID: enc.keyId, KALSHI_PRIVATE_KEY: enc.pem, KALSHI_PRIVATE_KEY_PATH: '', KALSHI_PRIVATE_KEY_PASSPHRASE: 'wrong' }, exit: 3 },
        { what: 'no passphrase', args: ['keys', 'check'], env: { ...base, KALSHI_API_KEY_ID: enc.keyId, KALSHI_PRIVATE_KEY_PATH: keyFile('enc.pem', enc.pem), KALSHI_PRIVATE_KEY_PASSPHRASE: '' }, exit: 3 },
        { what: 'wrong host', args: ['--verbose', 'portfolio', 'balance'], env: { ...base, KALSHI_BASE_URL: `http://127.0.0.1:${port}/trade-api/v2` }, exit: 7 },
        { what: '401 key id of another key', args: ['--verbose', 'portfolio', 'balance'], env: { ...base, KALSHI_API_KEY_ID: world.keys.ed25519.keyId }, exit: 3 },
        { what: '401 deleted key', args: ['keys', 'check'], env: { ...base, KALSHI_API_KEY_ID: deleted.keyId, KALSHI_PRIVATE_KEY_PATH: keyFile('deleted.pem', deleted.pem) }, exit: 3 },
        { what: '403 read-only key', args: ['keys', 'create', '--out', join(box.dir, 'never.pem')], env: { ...base, KALSHI_API_KEY_ID: readOnly.keyId, KALSHI_PRIVATE_KEY_PATH: keyFile('read.pem', readOnly.pem) }, exit: 3 },
        { what: 'WebSocket 401', args: ['stream', 'fill', '-n', '1'], env: { ...base, KALSHI_API_KEY_ID: deleted.keyId, KALSHI_PRIVATE_KEY_PATH: join(box.dir, 'deleted.pem') }, exit: 3 },
      );
      // A few processes at a time: the machine is shared with other suites.
      const results: Awaited<ReturnType<typeof runCli>>[] = [];
      for (let i = 0; i < cases.length; i += 5) {
        results.push(...(await Promise.all(cases.slice(i, i + 5).map((c) => runCli(c.args, { env: c.env, timeoutMs: 20_000 })))));
      }
      const pems = [...KEY_LABELS.map((l) => world.keys[l].pem), deleted.pem, readOnly.pem];
      for (const [i, result] of results.entries()) {
        const { what, exit } = cases[i]!;
        world.watch.see(result.stdout);
        world.watch.see(result.stderr);
        expect({ what, code: result.code }, result.stderr).toEqual({ what, code: exit });
        // The CLI suite's own detector as a second opinion on the same text.
        expect(leakedKeyMaterial(pems, `${result.stdout}\n${result.stderr}`), what).toEqual([]);
        if (exit !== 0) expect(result.stderr, what).toMatch(/^error: /m);
      }
    }, 45_000);
  });
}
