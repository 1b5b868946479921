import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange, Handlers } from 'kalshi-ts-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedKeyMaterial, runCli, sandbox } from './helpers/cli.js';
import { admin, newTrader, startSim, type Trader } from './helpers/exchange.js';

let ex: Exchange;
let box: ReturnType<typeof sandbox>;
let alice: Trader;
let bob: Trader;
const pems: string[] = [];

beforeAll(async () => {
  ex = await startSim();
  box = sandbox();
  alice = await newTrader(ex, box.dir);
  bob = await newTrader(ex, box.dir, '25.00');
  pems.push(alice.pem, bob.pem);
  // The key-management operations may not be served by the local exchange yet; if not, answer
  // them here from its own key store, the way Kalshi does, so `kalshi keys` runs end to end.
  const handlers = ex.handlers as Handlers;
  handlers.GetApiKeys ??= ({ auth }) => ({
    body: { api_keys: ex.db.apiKeys.listByUser(auth!.userId).map((k) => ({ api_key_id: k.id, name: k.name, scopes: k.scopes as never })) },
  });
  handlers.GenerateApiKey ??= async ({ auth, body }) => {
    const key = await admin<{ api_key_id: string; private_key_pem: string }>(ex, 'POST', `/_sim/users/${auth!.userId}/keys`, { name: body?.name ?? 'generated' });
    return { status: 201, body: { api_key_id: key.api_key_id, private_key: key.private_key_pem } };
  };
});

afterAll(async () => {
  await ex?.close();
  box?.cleanup();
});

const as = (t: Trader, extra: Record<string, string> = {}) => ({ ...box.env, ...t.env, ...extra });

describe('kalshi keys check', () => {
  it('says the key signs correctly', async () => {
    const r = await runCli(['keys', 'check'], { env: as(alice) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`ok: key ${alice.keyId} (rsa-pss-sha256) signs correctly for ${ex.restUrl}`);
    expect(r.stdout).toMatch(/signed GET \/portfolio\/balance -> 200 in \d+ ms; available balance \$1,000\.00/);
    expect(r.stderr).toBe('');
  });

  it('exits 3 with a hint about the key id and clock when the key id is wrong', async () => {
    const [unknown, mismatched] = await Promise.all([
      runCli(['keys', 'check'], { env: as(alice, { KALSHI_API_KEY_ID: '00000000-0000-4000-8000-000000000000' }) }),
      // Bob's key id with Alice's key file: the signature cannot verify.
      runCli(['keys', 'check', '--api-key-id', bob.keyId], { env: as(alice) }),
    ]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^error: 401 GET \/portfolio\/balance: unknown or deleted API key.*\(hint: check that the API key id matches the private key file.*clock is correct\)$/m);

    expect(mismatched.code).toBe(3);
    expect(mismatched.stderr).toMatch(/signature does not verify.*\(invalid_signature\).*hint: check that the API key id matches/);
  });

  it('works around clock skew and says so', async () => {
    await admin(ex, 'POST', '/_sim/clock', { advance_ms: 120_000 });
    try {
      const r = await runCli(['portfolio', 'balance'], { env: as(alice) });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^warning: this machine's clock is 1(19|2\d) s behind the exchange's; signing with the exchange's time \(sync the system clock/);
    } finally {
      await admin(ex, 'POST', '/_sim/clock', { set_ms: Date.now() });
    }
  });

  it('explains missing, unreadable and half-configured keys with exit 3', async () => {
    const garbage = join(box.dir, 'garbage.pem');
    writeFileSync(garbage, 'this is not a key at all, just some words', { mode: 0o600 });
    const [missing, bad, noFile] = await Promise.all([
      runCli(['keys', 'check'], { env: as(alice, { KALSHI_PRIVATE_KEY_PATH: join(box.dir, 'nope.pem') }) }),
      runCli(['keys', 'check'], { env: as(alice, { KALSHI_PRIVATE_KEY_PATH: garbage }) }),
      runCli(['keys', 'check'], { env: { ...box.env, KALSHI_BASE_URL: ex.restUrl, KALSHI_API_KEY_ID: alice.keyId } }),
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/private key file .*nope\.pem" does not exist/i);
    expect(bad.code).toBe(3);
    expect(bad.stderr).not.toContain('just some words');
    expect(noFile.code).toBe(3);
    expect(noFile.stderr).toMatch(/is configured but no private key file \(hint: set KALSHI_PRIVATE_KEY_PATH/);
  });

  it('warns when the key file is readable by group or others', async () => {
    const loose = join(box.dir, 'loose.pem');
    writeFileSync(loose, alice.pem);
    chmodSync(loose, 0o644);
    const r = await runCli(['portfolio', 'balance'], { env: as(alice, { KALSHI_PRIVATE_KEY_PATH: loose }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: private key file ${loose} is readable by group and others (mode 644); run: chmod 600 ${loose}\n`);
  });
});

describe('kalshi keys list and create', () => {
  it('lists the account keys', async () => {
    const r = await runCli(['keys', 'list'], { env: as(alice) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^API KEY ID\s+NAME\s+SCOPES/);
    expect(r.stdout).toContain(alice.keyId);
    expect(r.stdout).not.toContain(bob.keyId);
  });

  it('creates a key into a 0600 file, never printing it, and the new key works', async () => {
    const out = join(box.dir, 'keys', 'new.pem');
    const r = await runCli(['keys', 'create', '--name', 'ci bot', '--out', out], { env: as(alice) });
    expect(r.code, r.stderr).toBe(0);
    const id = /created API key (\S+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toContain(`private key written to ${out} (mode 600)`);
    expect(r.stdout).toContain(`export KALSHI_API_KEY_ID=${id} KALSHI_PRIVATE_KEY_PATH=${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const pem = readFileSync(out, 'utf8');
    pems.push(pem);
    expect(pem).toMatch(/-----BEGIN (RSA )?PRIVATE KEY-----/);

    const check = await runCli(['keys', 'check'], { env: as(alice, { KALSHI_API_KEY_ID: id, KALSHI_PRIVATE_KEY_PATH: out }) });
    expect(check.code, check.stderr).toBe(0);

    const again = await runCli(['keys', 'create', '--out', out], { env: as(alice) });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });
});

describe('configuration', () => {
  it('reads named profiles from the config file, relative key paths included', async () => {
    const dir = join(box.dir, 'profiles');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bob.pem'), bob.pem, { mode: 0o600 });
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        default_profile: 'alice',
        profiles: {
          alice: { base_url: ex.restUrl, api_key_id: alice.keyId, private_key_path: alice.keyPath },
          bob: { base_url: ex.restUrl, api_key_id: bob.keyId, private_key_path: 'bob.pem' },
        },
      }),
    );
    const env = { ...box.env, KALSHI_CONFIG: file };
    const [byDefault, byFlag, byEnv, override, unknown] = await Promise.all([
      runCli(['portfolio', 'balance'], { env }),
      runCli(['--profile', 'bob', 'portfolio', 'balance'], { env }),
      runCli(['portfolio', 'balance'], { env: { ...env, KALSHI_PROFILE: 'bob' } }),
      // Flags beat the environment, which beats the profile.
      runCli(['portfolio', 'balance', '--api-key-id', 'nope'], { env }),
      runCli(['--profile', 'carol', 'markets', 'list'], { env }),
    ]);
    expect(byDefault.stdout).toMatch(/available balance\s+\$1,000\.00/);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(byFlag.stdout).toMatch(/available balance\s+\$25\.00/);
    expect(byEnv.stdout).toMatch(/available balance\s+\$25\.00/);
    expect(override.code).toBe(3);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no profile "carol" in .*config\.json \(hint: known profiles: alice, bob\)/);
  });

  it('picks the production, demo or local URL by --env', async () => {
    const signed = { ...box.env, KALSHI_API_KEY_ID: alice.keyId, KALSHI_PRIVATE_KEY_PATH: alice.keyPath };
    const [demo, prod, viaEnv, noSim, simFromEnv, badEnv] = await Promise.all([
      runCli(['--env', 'demo', 'order', 'cancel', 'abc', '--dry-run'], { env: signed }),
      runCli(['order', 'cancel', 'abc', '--dry-run'], { env: signed }),
      runCli(['order', 'cancel', 'abc', '--dry-run'], { env: { ...signed, KALSHI_ENV: 'demo' } }),
      runCli(['--env', 'sim', 'markets', 'list'], { env: box.env }),
      runCli(['--env', 'sim', 'markets', 'list', '--limit', '1', '--jsonl'], { env: { ...box.env, KALSHI_BASE_URL: ex.restUrl } }),
      runCli(['markets', 'list'], { env: { ...box.env, KALSHI_ENV: 'staging' } }),
    ]);
    expect(demo.stdout.split('\n')[0]).toBe('DELETE https://external-api.demo.kalshi.co/trade-api/v2/portfolio/events/orders/abc');
    expect(prod.stdout.split('\n')[0]).toBe('DELETE https://external-api.kalshi.com/trade-api/v2/portfolio/events/orders/abc');
    expect(viaEnv.stdout.split('\n')[0]).toContain('demo.kalshi.co');
    expect(noSim.code).toBe(2);
    expect(noSim.stderr).toMatch(/--env sim: no local exchange is running \(hint: start one with `kalshi sim`/);
    expect(simFromEnv.code, simFromEnv.stderr).toBe(0);
    expect(badEnv.code).toBe(2);
  });

  it('printed no key material, in any output of this file', () => {
    expect(pems.length).toBeGreaterThanOrEqual(3);
    expect(leakedKeyMaterial(pems)).toEqual([]);
  });
});
