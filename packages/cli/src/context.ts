/**
 * What a command needs from the outside world, made on first use: the resolved configuration,
 * the signer (the key file is read here and nowhere else), the REST and WebSocket clients, and
 * the cleanups that must run before the process exits.
 */
import { statSync } from 'node:fs';
import { createNodeSigner, Kalshi, looksLikeKeyText, readPrivateKeyFile, type Logger, type RequestSigner } from 'kalshi-ts';
import { KalshiWS } from 'kalshi-ts/ws';
import { resolveConfig, type GlobalFlags, type ResolvedConfig } from './config.js';
import { CliError, EXIT } from './errors.js';
import type { Output } from './output.js';

export interface Context {
  readonly out: Output;
  readonly flags: GlobalFlags;
  readonly verbose: boolean;
  readonly env: NodeJS.ProcessEnv;
  config(): ResolvedConfig;
  /** The signer, or a clear auth error (exit 3) when no key is configured. */
  signer(): RequestSigner;
  hasKey(): boolean;
  /** The REST client; signed when a key is configured (or `auth` demands one). */
  client(options?: { auth?: boolean }): Kalshi;
  ws(): KalshiWS;
  logger(): Logger;
  onCleanup(fn: () => unknown): void;
  cleanup(): Promise<void>;
}

const NO_KEY_HINT =
  'set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH, pass --api-key-id and --private-key-path, or use a --profile (`kalshi sim` prints a ready-made line for the local exchange)';

/** Warns when a key file can be read by anyone but its owner. Nothing to check on Windows. */
export function checkKeyFileMode(path: string, out: Output): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return; // reading it reports the problem properly
  }
  if ((mode & 0o077) === 0) return;
  const who = [mode & 0o070 ? 'group' : '', mode & 0o007 ? 'others' : ''].filter(Boolean).join(' and ');
  out.warn(`private key file ${path} is readable by ${who} (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); run: chmod 600 ${path}`);
}

function verboseLogger(out: Output, verbose: boolean): Logger {
  const dim = out.ec.dim;
  const show = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (message === 'kalshi request' && fields) {
      const status = Number(fields.status);
      const paint = status >= 400 ? out.ec.red : out.ec.green;
      out.info(dim(`> ${String(fields.method)} ${String(fields.path)} ${paint(String(fields.status))} ${String(fields.ms)} ms${Number(fields.attempt) > 0 ? ` (attempt ${Number(fields.attempt) + 1})` : ''}`));
      return;
    }
    const rest = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
    out.info(dim(`> ${level} ${message}${rest}`));
  };
  const noop = () => {};
  // The SDK works around a skewed clock by itself; the user should still hear of it, verbose or not.
  const warnSkew = (fields?: Record<string, unknown>) => {
    const skew = Number(fields?.skewMs);
    out.warn(`this machine's clock is ${(Math.abs(skew) / 1000).toFixed(0)} s ${skew < 0 ? 'ahead of' : 'behind'} the exchange's; signing with the exchange's time (sync the system clock, e.g. enable NTP)`);
  };
  return {
    debug: verbose ? (m, f) => show('debug', m, f) : noop,
    info: verbose ? (m, f) => show('info', m, f) : noop,
    warn: (m, f) => (m === 'kalshi clock skew' ? warnSkew(f) : verbose ? show('warn', m, f) : undefined),
    error: verbose ? (m, f) => show('error', m, f) : noop,
  };
}

export function createContext(out: Output, flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Context {
  let config: ResolvedConfig | undefined;
  let signer: RequestSigner | undefined;
  let logger: Logger | undefined;
  const clients = new Map<string, Kalshi>();
  let ws: KalshiWS | undefined;
  const cleanups: (() => unknown)[] = [];

  const ctx: Context = {
    out,
    flags,
    env,
    verbose: flags.verbose === true,
    config: () => (config ??= resolveConfig(flags, env)),
    hasKey() {
      const c = ctx.config();
      return c.apiKeyId !== undefined || c.privateKeyPath !== undefined || c.privateKeyText !== undefined;
    },
    signer() {
      if (signer) return signer;
      const c = ctx.config();
      if (c.apiKeyId === undefined && c.privateKeyPath === undefined && c.privateKeyText === undefined) {
        throw new CliError('no API key configured', EXIT.auth, NO_KEY_HINT);
      }
      if (c.apiKeyId === undefined) throw new CliError('a private key is configured but no API key id', EXIT.auth, 'set KALSHI_API_KEY_ID or pass --api-key-id');
      // Before any message below repeats the id: key text there (swapped variables) must not be printed.
      if (looksLikeKeyText(c.apiKeyId)) {
        throw new CliError('the API key id holds key text, not an id', EXIT.auth, 'set KALSHI_API_KEY_ID / --api-key-id to the id (a UUID) and KALSHI_PRIVATE_KEY_PATH to the key file');
      }
      if (c.privateKeyPath === undefined && c.privateKeyText === undefined) {
        throw new CliError(`API key id ${c.apiKeyId} is configured but no private key file`, EXIT.auth, 'set KALSHI_PRIVATE_KEY_PATH or pass --private-key-path');
      }
      let pem = c.privateKeyText;
      if (c.privateKeyPath !== undefined) {
        checkKeyFileMode(c.privateKeyPath, out);
        // The SDK's reader: PEM or DER, and errors that name the path, never the content.
        pem = readPrivateKeyFile(c.privateKeyPath);
      }
      const passphrase = env.KALSHI_PRIVATE_KEY_PASSPHRASE;
      signer = createNodeSigner({ keyId: c.apiKeyId, privateKey: pem!, ...(passphrase ? { passphrase } : {}) });
      return signer;
    },
    logger: () => (logger ??= verboseLogger(out, ctx.verbose)),
    client(options = {}) {
      const wantKey = options.auth === true || ctx.hasKey();
      const id = wantKey ? 'signed' : 'public';
      let client = clients.get(id);
      if (!client) {
        const c = ctx.config();
        // Everything explicit, so the SDK never falls back to the environment on its own.
        client = new Kalshi({ baseURL: c.baseURL, logger: ctx.logger(), ...(wantKey ? { signer: ctx.signer() } : {}) });
        clients.set(id, client);
        const made = client;
        cleanups.push(() => made.close());
      }
      return client;
    },
    ws() {
      if (!ws) {
        const c = ctx.config();
        ws = new KalshiWS({ url: c.wsURL, signer: ctx.signer(), logger: ctx.logger() });
        const made = ws;
        cleanups.push(() => made.close());
      }
      return ws;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
    async cleanup() {
      for (const fn of cleanups.splice(0).reverse()) {
        try {
          await fn();
        } catch {
          // Shutting down: nothing useful to do with a failed close.
        }
      }
    },
  };
  return ctx;
}
