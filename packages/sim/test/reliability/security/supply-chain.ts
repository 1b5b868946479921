// Known vulnerabilities in what users install, asked of the registry (`npm audit`); whether each
// runtime package is the newest release its dependents allow (so it has every published fix, even
// where the registry cannot audit); and an offline check of the lockfile: the SDK pulls in exactly
// undici and ws, and nothing that runs install scripts except the packages the workspace allows.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printFigures } from '../support.js';
import { type DependentRange, freshness, GRACE_DAYS, mapLimited, npmRegistry, readReleases, registryReleases, type Releases } from './freshness.js';
import { world } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
  name?: string;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  allowScripts?: Record<string, boolean>;
  overrides?: Record<string, unknown>;
};

/** The lockfile entry npm would load for `name` required from the package at `from`: nearest node_modules up the tree. */
function resolve(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (dir === '') return undefined;
  }
}

/** Every package installed for `workspace` at run time: dependencies and required peers, transitively. */
function runtimeClosure(workspace: string): Map<string, LockEntry> {
  const found = new Map<string, LockEntry>();
  const visit = (from: string) => {
    const entry = lock.packages[from]!;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...peers]) {
      const at = resolve(from, name);
      if (at === undefined) throw new Error(`${from} needs ${name}, which package-lock.json does not hold: run npm install`);
      if (found.has(at)) continue;
      found.set(at, lock.packages[at]!);
      visit(at);
    }
  };
  visit(workspace);
  return found;
}

const nameOf = (lockPath: string) => lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);

const PUBLISHED = ['packages/kalshi', 'packages/sim', 'packages/cli'];
const DECLARED = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

type ProjectManifest = LockEntry & { devDependencies?: Record<string, string> };
const projectManifests = new Map<string, ProjectManifest>();

/** The root's or a workspace's package.json: what `npm update` reads, rather than the lockfile's copy of it. */
function projectManifest(dir: string): ProjectManifest {
  let manifest = projectManifests.get(dir);
  if (!manifest) projectManifests.set(dir, (manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as ProjectManifest));
  return manifest;
}

/**
 * Every range declared for the package installed at `at`: by the lockfile entries that resolve the
 * name to that path, by the root and workspace manifests (dev ranges included: `npm update` honours
 * them too) and by the root's overrides. These bound what `npm update` may move it to.
 */
function dependentRanges(at: string): DependentRange[] {
  const name = nameOf(at);
  const ranges: DependentRange[] = [];
  for (const [from, entry] of Object.entries(lock.packages)) {
    if (resolve(from, name) !== at) continue;
    const isProject = !from.includes('node_modules/');
    const declared: ProjectManifest = isProject ? projectManifest(from) : entry;
    for (const field of isProject ? [...DECLARED, 'devDependencies' as const] : DECLARED) {
      const range = declared[field]?.[name];
      // An alias ("npm:real-name@^1") constrains the real package by its range part.
      if (range !== undefined) ranges.push({ by: `${from || 'package.json'} ${field}`, range: range.replace(/^npm:(@?[^@]+)@/, '') });
    }
  }
  const override = rootManifest.overrides?.[name];
  if (typeof override === 'string') ranges.push({ by: 'package.json overrides', range: override });
  return ranges;
}

type Audit = { ok: true; total: number; names: string[] } | { ok: false; reason: string; registryDown: boolean };

// The registry (or the network to it) failing, as opposed to npm failing on this project.
const REGISTRY_DOWN = /audit endpoint returned an error|E(NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|AI_AGAIN)|network|offline/i;

/** What `npm audit --json` printed, read: a report, or why there is none and whose fault that is. */
export function readAudit(stdout: string, stderr: string, error: { killed?: boolean; message: string } | null): Audit {
  if (error?.killed) return { ok: false, reason: 'no answer from the registry within 30 s', registryDown: true };
  const said = stderr.match(/npm error (.+)/)?.[1]?.trim();
  let report: { metadata?: { vulnerabilities?: { total?: number } }; vulnerabilities?: Record<string, unknown>; message?: string; statusCode?: number } | undefined;
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    report = undefined;
  }
  const total = report?.metadata?.vulnerabilities?.total;
  if (typeof total === 'number') return { ok: true, total, names: Object.keys(report?.vulnerabilities ?? {}) };
  const reason = [said, report?.statusCode && `HTTP ${report.statusCode}`, report?.message ?? error?.message].filter(Boolean).join('; ') || 'no audit report';
  return { ok: false, reason, registryDown: typeof report?.statusCode === 'number' || REGISTRY_DOWN.test(reason) };
}

function npmAudit(): Promise<Audit> {
  return new Promise((done) => {
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, timeout: 30_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done(readAudit(stdout, stderr, error)),
    );
  });
}

export function describeSupplyChain(): void {
  describe('supply chain', () => {
    it('npm audit --omit=dev reports no known vulnerability (skipped, with the reason, when the registry cannot audit)', async (ctx) => {
      const audit = await npmAudit();
      // npm failing for any other reason (a broken lockfile, a crash) is a failure, not a skip.
      if (!audit.ok && !audit.registryDown) throw new Error(`npm audit failed: ${audit.reason}`);
      if (!audit.ok) {
        world.figures.audit = `unavailable: ${audit.reason}`;
        printFigures('security-audit', { audit: world.figures.audit });
        ctx.skip(`npm audit unavailable: ${audit.reason}`);
        return;
      }
      world.figures.audit = 'ok';
      expect(audit.names, `vulnerable runtime packages: ${audit.names.join(', ')}`).toEqual([]);
      expect(audit.total).toBe(0);
    }, 40_000);

    it(`every runtime dependency is the newest release its dependents allow, among releases at least ${GRACE_DAYS} days old`, async (ctx) => {
      const installed = new Map(PUBLISHED.flatMap((w) => [...runtimeClosure(w)]).filter(([, e]) => !e.link)); // workspaces are not installed from the registry
      const started = performance.now();
      const registry = await npmRegistry(ROOT);
      // Once the registry is known to be unreachable, asking about the rest would only add timeouts.
      let unreachable: Releases | undefined;
      const answers = await mapLimited([...installed], 8, async ([at, entry]) => {
        const releases = unreachable ?? (await registryReleases(registry, entry.name ?? nameOf(at)));
        if (!releases.ok && releases.registryDown) unreachable = releases;
        return { at, entry, releases };
      });
      const registryMs = Math.round(performance.now() - started);
      // npm failing for any other reason (a package the registry does not know, a crash) is a failure, not a skip.
      const failed = answers.flatMap(({ releases: r }) => (r.ok ? [] : [r]));
      const broken = failed.filter((r) => !r.registryDown);
      if (broken.length > 0) throw new Error(broken.map((r) => r.reason).join('\n'));
      if (failed.length > 0) {
        printFigures('security-freshness', { unavailable: failed[0]!.reason, registryMs });
        ctx.skip(`registry unreachable: ${failed[0]!.reason}`);
        return;
      }
      const now = new Date();
      const verdicts = answers.map(({ at, entry, releases }) => {
        const ranges = dependentRanges(at);
        return { at, entry, ranges, verdict: freshness(entry.version!, ranges, releases.ok ? releases.published : {}, now) };
      });
      const behind = verdicts.flatMap(({ at, entry, ranges, verdict }) =>
        verdict.behind ? [`${at} ${entry.version} -> ${verdict.newest} (${ranges.map((r) => `${r.by} ${r.range}`).join('; ')})`] : [],
      );
      // Installed releases younger than the window that nothing older in range stands in for: nothing to compare yet.
      const allYoungerThanWindow = verdicts.filter(({ verdict }) => verdict.newest === undefined).map(({ at }) => nameOf(at));
      const atNewestAllowed = answers.length - behind.length;
      printFigures('security-freshness', { packagesChecked: answers.length, atNewestAllowed, behind, allYoungerThanWindow, registryMs });
      expect(answers.length).toBeGreaterThan(40);
      expect(behind, `npm update would pick up releases at least ${GRACE_DAYS} days old:\n${behind.join('\n')}`).toEqual([]);
    }, 30_000);

    it(`the freshness decision fails on an allowed release over ${GRACE_DAYS} days old, and only on that`, () => {
      const now = new Date('2026-06-01T00:00:00Z');
      const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
      const caret = [{ by: 'a dependencies', range: '^1.2.0' }];
      expect(freshness('1.2.0', caret, { '1.2.0': daysAgo(90), '1.3.0': daysAgo(30) }, now)).toEqual({ behind: true, newest: '1.3.0' });
      // Too new to be asked for yet: passes until it is two weeks old, then fails.
      expect(freshness('1.2.0', caret, { '1.2.0': daysAgo(90), '1.3.0': daysAgo(3) }, now)).toEqual({ behind: false, newest: '1.2.0' });
      expect(freshness('1.2.0', caret, { '1.2.0': daysAgo(90), '1.3.0': daysAgo(GRACE_DAYS + 1) }, now)).toMatchObject({ behind: true });
      // A new major is outside the range; prereleases are never candidates.
      expect(freshness('1.2.0', caret, { '1.2.0': daysAgo(90), '2.0.0': daysAgo(60), '1.9.0-beta.1': daysAgo(60) }, now)).toEqual({ behind: false, newest: '1.2.0' });
      // Every dependent's range has to allow it, not just one.
      const two = [...caret, { by: 'b peerDependencies', range: '~1.2.0' }];
      expect(freshness('1.2.0', two, { '1.2.0': daysAgo(90), '1.2.5': daysAgo(40), '1.3.0': daysAgo(30) }, now)).toEqual({ behind: true, newest: '1.2.5' });
      expect(() => freshness('1.2.0', [{ by: 'c dependencies', range: 'github:x/y' }], {}, now)).toThrow(/c dependencies asks for "github:x\/y"/);
      // The registry's answer: read, with versions since unpublished dropped; unreachable means skip, unknown means fail.
      const body = JSON.stringify({ time: { '1.0.0': daysAgo(9), '1.0.1': daysAgo(8), modified: daysAgo(1) }, versions: { '1.0.0': {} } });
      expect(readReleases('x', { status: 200, body })).toEqual({ ok: true, published: { '1.0.0': daysAgo(9) } });
      const refused = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
      expect(readReleases('x', { error: refused('ENOTFOUND') })).toMatchObject({ ok: false, registryDown: true });
      expect(readReleases('x', { error: new DOMException('timed out', 'TimeoutError') })).toMatchObject({ ok: false, registryDown: true });
      expect(readReleases('x', { status: 503, body: '' })).toMatchObject({ ok: false, registryDown: true });
      expect(readReleases('x', { status: 404, body: '{"error":"Not found"}' })).toMatchObject({ ok: false, registryDown: false });
      expect(readReleases('x', { status: 200, body: '<html>' })).toMatchObject({ ok: false, registryDown: false });
    });

    it('the audit reader fails on any vulnerability and skips only when the registry is at fault', () => {
      const report = (total: number, names: string[]) =>
        JSON.stringify({ auditReportVersion: 2, vulnerabilities: Object.fromEntries(names.map((n) => [n, { severity: 'high' }])), metadata: { vulnerabilities: { total } } });
      expect(readAudit(report(1, ['undici']), '', { message: 'exit 1' })).toEqual({ ok: true, total: 1, names: ['undici'] });
      expect(readAudit(report(0, []), '', null)).toEqual({ ok: true, total: 0, names: [] });
      const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry/-/npm/v1/security/advisories/bulk', statusCode: 405 });
      expect(readAudit(refused, 'npm error audit endpoint returned an error\n', { message: 'exit 1' })).toMatchObject({ ok: false, registryDown: true });
      expect(readAudit('', 'npm error code ENOTFOUND\n', { message: 'exit 1' })).toMatchObject({ ok: false, registryDown: true });
      expect(readAudit('', 'npm error Invalid package-lock.json\n', { message: 'exit 1' })).toMatchObject({ ok: false, registryDown: false });
    });

    it("the SDK's runtime dependency closure is exactly undici and ws, none with install scripts", () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/kalshi/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(['undici', 'ws']);
      // The lockfile is in step with the manifest, or its closure says nothing about what installs.
      expect(Object.keys(lock.packages['packages/kalshi']?.dependencies ?? {}).sort()).toEqual(['undici', 'ws']);
      const closure = runtimeClosure('packages/kalshi');
      expect([...closure.keys()].map(nameOf).sort()).toEqual(['undici', 'ws']);
      for (const [at, entry] of closure) {
        expect(entry.hasInstallScript ?? false, at).toBe(false);
        // The installed copy agrees (a tampered node_modules would not show in the lockfile).
        const installed = JSON.parse(readFileSync(join(ROOT, at, 'package.json'), 'utf8')) as { version: string; scripts?: Record<string, string> };
        expect(installed.version, at).toBe(entry.version);
        expect(Object.keys(installed.scripts ?? {}).filter((s) => /^(pre|post)?install$/.test(s)), at).toEqual([]);
      }
    });

    it('no runtime dependency of any package runs an install script except better-sqlite3; in dev only esbuild', () => {
      const withScripts = Object.entries(lock.packages).filter(([at, entry]) => at !== '' && entry.hasInstallScript);
      const runtime = withScripts.filter(([, e]) => !e.dev && !e.devOptional).map(([at]) => nameOf(at));
      const dev = withScripts.filter(([, e]) => e.dev || e.devOptional).map(([at]) => nameOf(at));
      expect([...new Set(runtime)].sort()).toEqual(['better-sqlite3']);
      expect([...new Set(dev)].sort()).toEqual(['esbuild']);
      // And each is one the workspace allows to run scripts, by name.
      for (const name of [...runtime, ...dev]) expect(rootManifest.allowScripts?.[name], name).toBe(true);
      // The closure of every published package, walked the same way, finds no other scripted package.
      for (const workspace of ['packages/kalshi', 'packages/sim', 'packages/cli']) {
        const scripted = [...runtimeClosure(workspace)].filter(([, e]) => e.hasInstallScript).map(([at]) => nameOf(at));
        expect(scripted.filter((n) => n !== 'better-sqlite3'), workspace).toEqual([]);
      }
    });
  });
}
