// Whether each installed runtime package carries every fix its dependents allow: the decision (pure,
// unit-tested) and the registry question behind it (each package's document: its release times).
import { execFile } from 'node:child_process';
import semver from 'semver';

/**
 * A release has to be this old before the check asks for it. Without the window a release
 * published this morning would fail CI today, before anyone could have picked it up (or before a
 * bad release is pulled); two weeks old, "npm update" not taking it is a real omission.
 */
export const GRACE_DAYS = 14;
const DAY_MS = 86_400_000;

/** One version range declared for a package, and who declared it (for the failure message). */
export interface DependentRange {
  by: string;
  range: string;
}

export type Freshness = { behind: false; newest: string | undefined } | { behind: true; newest: string };

/**
 * The newest non-prerelease version that every dependent range allows and that was published at
 * least GRACE_DAYS before `now`; `behind` when it is newer than what is installed.
 */
export function freshness(installed: string, ranges: DependentRange[], published: Record<string, string>, now: Date): Freshness {
  if (!semver.valid(installed)) throw new Error(`installed version ${JSON.stringify(installed)} is not a semver version`);
  for (const { by, range } of ranges) {
    if (semver.validRange(range) === null) throw new Error(`${by} asks for ${JSON.stringify(range)}, which is not a semver range`);
  }
  const cutoff = now.getTime() - GRACE_DAYS * DAY_MS;
  let newest: string | undefined;
  for (const [version, at] of Object.entries(published)) {
    if (!semver.valid(version) || semver.prerelease(version) !== null) continue;
    const time = Date.parse(at);
    if (Number.isNaN(time)) throw new Error(`the registry gave ${JSON.stringify(at)} as the release time of ${version}, which is not a date`);
    if (time > cutoff) continue;
    if (!ranges.every(({ range }) => semver.satisfies(version, range))) continue;
    if (newest === undefined || semver.gt(version, newest)) newest = version;
  }
  return newest !== undefined && semver.gt(newest, installed) ? { behind: true, newest } : { behind: false, newest };
}

const ASK_TIMEOUT_MS = 10_000;

export type Releases = { ok: true; published: Record<string, string> } | { ok: false; reason: string; registryDown: boolean };

// The registry (or the network to it) failing, as opposed to the registry answering about this package.
const REGISTRY_DOWN = /^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_\w+|TimeoutError|AbortError)$/;

/** What the registry answered for a package document: release times, or why there are none and whose fault that is. */
export function readReleases(name: string, answer: { status: number; body: string } | { error: unknown }): Releases {
  if ('error' in answer) {
    const error = answer.error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = error.cause?.code ?? error.name ?? '';
    const reason = `registry document for ${name}: ${[code, error.cause?.message ?? error.message].filter(Boolean).join(' ')}`;
    return { ok: false, reason, registryDown: REGISTRY_DOWN.test(code) };
  }
  const { status, body } = answer;
  // A refusal (auth on a private mirror) or an outage says nothing about the package: skip. A 404 does: fail.
  if (status === 401 || status === 403 || status === 429 || status >= 500) return { ok: false, reason: `registry document for ${name}: HTTP ${status}`, registryDown: true };
  let document: { time?: Record<string, string>; versions?: Record<string, unknown> } | undefined;
  try {
    document = JSON.parse(body) as typeof document;
  } catch {
    document = undefined;
  }
  if (status !== 200 || !document?.time || !document.versions) {
    return { ok: false, reason: `registry document for ${name}: HTTP ${status}, ${document?.time ? 'no versions' : 'no release times'}`, registryDown: false };
  }
  // `time` also lists unpublished versions (and "created"/"modified"): keep those still published.
  const { versions } = document;
  return { ok: true, published: Object.fromEntries(Object.entries(document.time).filter(([v]) => v in versions)) };
}

/**
 * The registry npm itself uses, asked once; package documents are then fetched in-process. One
 * `npm view` per package costs a third of a second of CPU each, 10-18 s for the runtime closure
 * on 2 cores, which a loaded CI run could stretch past the test's limit.
 */
export function npmRegistry(cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile('npm', ['config', 'get', 'registry'], { cwd, timeout: ASK_TIMEOUT_MS }, (error, stdout) => {
      if (error) fail(new Error(`npm config get registry failed: ${error.message}`));
      else done(stdout.trim().replace(/\/?$/, '/'));
    });
  });
}

export async function registryReleases(registry: string, name: string): Promise<Releases> {
  // Scoped names keep their "@" and encode the slash, as npm does.
  const url = new URL(name.replace('/', '%2f'), registry);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ASK_TIMEOUT_MS), headers: { accept: 'application/json' } });
    return readReleases(name, { status: response.status, body: await response.text() });
  } catch (error) {
    return readReleases(name, { error });
  }
}

/** `work` over every item, at most `limit` at a time. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
