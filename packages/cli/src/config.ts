/**
 * Where the CLI connects and with which key. Each setting comes from the first of:
 * command-line flags, environment variables, the selected profile of the config file, and (for
 * `--env sim`) the state `kalshi sim` writes; then the production defaults.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ENVIRONMENTS } from 'kalshi-ts';
import { wsUrlFromRestBase } from 'kalshi-ts/ws';
import { UsageError } from './errors.js';

export const ENV_NAMES = ['production', 'demo', 'sim'] as const;
export type EnvName = (typeof ENV_NAMES)[number];

export interface GlobalFlags {
  profile?: string;
  env?: string;
  baseUrl?: string;
  apiKeyId?: string;
  privateKeyPath?: string;
  config?: string;
  verbose?: boolean;
  color?: boolean;
}

export interface Profile {
  env?: string;
  base_url?: string;
  api_key_id?: string;
  private_key_path?: string;
}

export interface ConfigFile {
  default_profile?: string;
  profiles?: Record<string, Profile>;
}

/** What `kalshi sim` leaves behind for `--env sim` while it runs. */
export interface SimState {
  base_url: string;
  ws_url: string;
  api_key_id: string;
  private_key_path: string;
  pid: number;
  started_at: string;
}

export interface ResolvedConfig {
  /** 'custom' when a base URL was given directly. */
  env: EnvName | 'custom';
  baseURL: string;
  wsURL: string;
  apiKeyId: string | undefined;
  privateKeyPath: string | undefined;
  /** PEM text from KALSHI_PRIVATE_KEY, when no key file is configured. */
  privateKeyText: string | undefined;
  profile: string | undefined;
  /** Where each of the key settings came from, for messages. */
  keySource: string | undefined;
}

/** ~/.config/kalshi (or $XDG_CONFIG_HOME/kalshi): profiles, generated keys, the sim state. */
export function configHome(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'kalshi');
}

export function configFilePath(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): string {
  return flags.config ?? env.KALSHI_CONFIG ?? join(configHome(env), 'config.json');
}

export function simStatePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configHome(env), 'sim', 'sim.json');
}

export function expandHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME ?? homedir(), path.slice(1));
  return path;
}

function readJson<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UsageError(`${what} ${path} is not valid JSON`, 'fix the file or point KALSHI_CONFIG elsewhere');
  }
}

export function loadConfigFile(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): { path: string; file: ConfigFile | undefined } {
  const path = configFilePath(flags, env);
  const explicit = flags.config !== undefined || env.KALSHI_CONFIG !== undefined;
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`config file ${path} does not exist`, 'create it, or unset KALSHI_CONFIG / drop --config');
    return { path, file: undefined };
  }
  const file = readJson<ConfigFile>(path, 'config file');
  if (!file || typeof file !== 'object' || (file.profiles !== undefined && typeof file.profiles !== 'object')) {
    throw new UsageError(`config file ${path} must be an object like {"profiles": {"demo": {"env": "demo", ...}}}`);
  }
  return { path, file };
}

/** The running local exchange's state, or undefined when there is none (or its process is gone). */
export function readSimState(env: NodeJS.ProcessEnv = process.env): SimState | undefined {
  const path = simStatePath(env);
  if (!existsSync(path)) return undefined;
  let state: SimState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as SimState;
  } catch {
    return undefined;
  }
  try {
    process.kill(state.pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else; anything else means it is gone.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return state;
}

function envName(value: string, from: string): EnvName {
  if ((ENV_NAMES as readonly string[]).includes(value)) return value as EnvName;
  throw new UsageError(`${from} must be one of ${ENV_NAMES.join(', ')}, got ${JSON.stringify(value)}`);
}

function checkUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${from} ${JSON.stringify(value)} is not a URL`, 'expected e.g. http://127.0.0.1:8080/trade-api/v2');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${from} must be http(s), got ${url.protocol}`);
  return value.replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function resolveConfig(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const { path, file } = loadConfigFile(flags, env);
  const profiles = file?.profiles ?? {};
  const requested = nonEmpty(flags.profile) ?? nonEmpty(env.KALSHI_PROFILE);
  const profileName = requested ?? file?.default_profile ?? (profiles.default ? 'default' : undefined);
  let profile: Profile = {};
  if (profileName !== undefined) {
    const found = profiles[profileName];
    if (!found) {
      const known = Object.keys(profiles);
      throw new UsageError(
        `no profile ${JSON.stringify(profileName)} in ${path}`,
        known.length ? `known profiles: ${known.join(', ')}` : 'add it under "profiles" in the config file',
      );
    }
    profile = found;
  }

  // The environment: an explicit --env wins over KALSHI_BASE_URL from the shell, except for sim,
  // whose URL may legitimately come from there.
  const flagEnv = flags.env === undefined ? undefined : envName(flags.env, '--env');
  const shellEnv = nonEmpty(env.KALSHI_ENV) === undefined ? undefined : envName(env.KALSHI_ENV!.trim(), 'KALSHI_ENV');
  const profileEnv = profile.env === undefined ? undefined : envName(profile.env, `profile ${profileName} "env"`);
  let sim: SimState | undefined;
  const simState = () => (sim ??= readSimState(env));

  let base: string;
  let name: EnvName | 'custom';
  const fixed = (e: EnvName): string => {
    if (e !== 'sim') return ENVIRONMENTS[e].rest;
    const fromSim = simState()?.base_url ?? nonEmpty(env.KALSHI_BASE_URL);
    if (!fromSim) {
      throw new UsageError('--env sim: no local exchange is running', 'start one with `kalshi sim` in another terminal, or set KALSHI_BASE_URL');
    }
    return fromSim;
  };
  if (nonEmpty(flags.baseUrl)) {
    base = checkUrl(flags.baseUrl!.trim(), '--base-url');
    name = 'custom';
  } else if (flagEnv) {
    base = fixed(flagEnv);
    name = flagEnv;
  } else if (nonEmpty(env.KALSHI_BASE_URL)) {
    base = checkUrl(env.KALSHI_BASE_URL!.trim(), 'KALSHI_BASE_URL');
    name = shellEnv === 'sim' ? 'sim' : 'custom';
  } else if (shellEnv) {
    base = fixed(shellEnv);
    name = shellEnv;
  } else if (nonEmpty(profile.base_url)) {
    base = checkUrl(profile.base_url!.trim(), `profile ${profileName} "base_url"`);
    name = profileEnv ?? 'custom';
  } else {
    name = profileEnv ?? 'production';
    base = fixed(name);
  }
  base = checkUrl(base, 'base URL');

  let wsURL: string;
  try {
    wsURL = name === 'sim' && simState()?.base_url === base ? simState()!.ws_url : wsUrlFromRestBase(base);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  // Keys: each of the two settings from the first layer that has it.
  const layers: [string, string | undefined, string | undefined][] = [
    ['flags', nonEmpty(flags.apiKeyId), nonEmpty(flags.privateKeyPath)],
    ['environment', nonEmpty(env.KALSHI_API_KEY_ID), nonEmpty(env.KALSHI_PRIVATE_KEY_PATH)],
    [`profile ${profileName ?? ''}`.trim(), nonEmpty(profile.api_key_id), nonEmpty(profile.private_key_path)],
  ];
  if (name === 'sim' && simState()) layers.push(['kalshi sim', simState()!.api_key_id, simState()!.private_key_path]);
  const keyLayer = layers.find((l) => l[1] !== undefined);
  const pathLayer = layers.find((l) => l[2] !== undefined);
  const keyPath = pathLayer?.[2];
  const profileDir = dirname(resolve(path));
  return {
    env: name,
    baseURL: base,
    wsURL,
    apiKeyId: keyLayer?.[1],
    // A relative key path in a profile is relative to the config file, not to wherever the CLI runs.
    privateKeyPath:
      keyPath === undefined
        ? undefined
        : pathLayer?.[0].startsWith('profile') && !isAbsolute(expandHome(keyPath, env))
          ? join(profileDir, keyPath)
          : expandHome(keyPath, env),
    privateKeyText: keyPath === undefined ? nonEmpty(env.KALSHI_PRIVATE_KEY) : undefined,
    profile: profileName,
    keySource: keyLayer?.[0],
  };
}
