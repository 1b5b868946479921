/** `kalshi keys list|create|check`: API keys. Private keys go to 0600 files and are never printed. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Schema } from 'kalshi-ts';
import { configHome } from '../config.js';
import type { Context } from '../context.js';
import { clockSkewMs, UsageError } from '../errors.js';
import { type Column } from '../format/table.js';
import { moneyOf } from '../format/values.js';
import { writePrivateKey } from '../keyfile.js';
import { flagsOf, runList } from './common.js';

const KEY_COLUMNS: Column<Schema<'ApiKey'>>[] = [
  { header: 'API KEY ID', value: (k) => k.api_key_id, paint: (t, _k, c) => c.bold(t) },
  { header: 'NAME', value: (k) => k.name },
  { header: 'SCOPES', value: (k) => (k.scopes ?? []).join(', ') },
  { header: 'SUBACCOUNT', value: (k) => (k.subaccount === null || k.subaccount === undefined ? '' : String(k.subaccount)) },
];

interface CreateFlags {
  name?: string;
  type: 'rsa' | 'ed25519';
  out?: string;
  json?: boolean;
}

async function createKey(ctx: Context, flags: CreateFlags): Promise<void> {
  const { out } = ctx;
  // Refuse before asking for a key: the private key comes back once, and must have somewhere to go.
  if (flags.out && existsSync(flags.out)) throw new UsageError(`${flags.out} already exists`, 'choose another --out; existing key files are never overwritten');
  const name = flags.name ?? `kalshi-cli ${new Date().toISOString().slice(0, 19).replace('T', ' ')}`;
  const res = await ctx.client({ auth: true }).apiKeys.generate({ name, key_type: flags.type });
  const path = resolve(flags.out ?? join(configHome(ctx.env), 'keys', `${res.api_key_id}.pem`));
  writePrivateKey(path, res.private_key);
  if (flags.json) return out.json({ api_key_id: res.api_key_id, key_type: res.key_type ?? flags.type, name, private_key_path: path });
  out.line(`created API key ${out.c.bold(res.api_key_id)} (${res.key_type ?? flags.type}, "${name}")`);
  out.line(`private key written to ${path} (mode 600); Kalshi will not show it again`);
  out.line('');
  out.line(`export KALSHI_API_KEY_ID=${res.api_key_id} KALSHI_PRIVATE_KEY_PATH=${path}`);
}

async function checkKey(ctx: Context, json: boolean): Promise<void> {
  const { out } = ctx;
  const config = ctx.config();
  const signer = ctx.signer();
  const started = Date.now();
  const { data, headers, status } = await ctx.client({ auth: true }).portfolio.balance().withResponse();
  const ms = Date.now() - started;
  const skew = clockSkewMs(headers);
  if (json) {
    return out.json({ ok: true, api_key_id: signer.keyId, algorithm: signer.algorithm, base_url: config.baseURL, status, ms, clock_skew_ms: skew ?? null });
  }
  out.line(`${out.c.green('ok')}: key ${out.c.bold(signer.keyId)} (${signer.algorithm}) signs correctly for ${config.baseURL}`);
  out.line(out.c.dim(`  signed GET /portfolio/balance -> ${status} in ${ms} ms; available balance ${moneyOf(data.balance_dollars)}`));
  if (skew !== undefined && Math.abs(skew) > 5_000) {
    out.warn(`this machine's clock is ${(Math.abs(skew) / 1000).toFixed(0)} s ${skew > 0 ? 'ahead of' : 'behind'} the exchange's; signed requests will start failing if it drifts further`);
  }
}

export function registerKeys(program: Command, ctx: () => Context): void {
  const keys = program.command('keys').description('list, create and check API keys');
  keys
    .command('list')
    .description('the API keys of your account')
    .option('--json', 'print the API response')
    .option('--jsonl', 'one key per line')
    .action(async (_opts, cmd: Command) => {
      const c = ctx();
      const client = c.client({ auth: true });
      const fetch = () => {
        const promise = client.apiKeys.list();
        return {
          then: promise.then.bind(promise),
          async *[Symbol.asyncIterator]() {
            yield* (await promise).api_keys ?? [];
          },
          toArray: async () => (await promise).api_keys ?? [],
        };
      };
      await runList(c, { noun: 'API key', itemsKey: 'api_keys', fetch, columns: KEY_COLUMNS }, {}, flagsOf(cmd));
    });
  keys
    .command('create')
    .description('generate a key pair on Kalshi and save the private key to a 0600 file')
    .option('--name <name>', 'a name to recognise the key by')
    .addOption(new Option('--type <type>', 'key type').choices(['rsa', 'ed25519']).default('rsa'))
    .option('-o, --out <file>', 'where to write the private key (default: ~/.config/kalshi/keys/<id>.pem)')
    .option('--json', 'print the new key id and file as JSON')
    .action(async (_opts, cmd: Command) => createKey(ctx(), flagsOf<CreateFlags>(cmd)));
  keys
    .command('check')
    .description('verify that the key id and key file sign correctly (a signed GET /portfolio/balance)')
    .option('--json', 'print the result as JSON')
    .action(async (_opts, cmd: Command) => checkKey(ctx(), flagsOf<{ json?: boolean }>(cmd).json === true));
}
