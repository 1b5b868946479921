// Known vulnerabilities in what users install, asked of the registry (`npm audit`), and an offline
// check of the lockfile: the SDK pulls in exactly undici and ws, and nothing that runs install
// scripts except the packages the workspace explicitly allows.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printFigures } from '../support.js';
import { world } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };

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
