// Security (issue #8): key material never leaks (errors, logs, inspect, JSON, CLI output), the
// exchange refuses misused signatures, credentials go only to the configured host, and what users
// install is audited. One file so every part feeds one KeyLeakWatch and one figures line; the parts
// live in ./security/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCli } from './security/cli.js';
import { setUpWorld, tearDownWorld, world } from './security/fixtures.js';
import { describeIsolation } from './security/isolation.js';
import { describeLeaks } from './security/leaks.js';
import { describeRefusals } from './security/refusals.js';
import { describeSupplyChain } from './security/supply-chain.js';
import { KeyLeakWatch, printFigures } from './support.js';

beforeAll(setUpWorld, 30_000);
afterAll(async () => {
  await tearDownWorld();
  printFigures('security', {
    textsChecked: world.watch.seen,
    secrets: world.secrets,
    objectsInspected: world.figures.objects,
    refusalsChecked: world.figures.refusals,
    requestsInspected: world.figures.requests,
    logLines: world.logLines,
    audit: world.figures.audit,
  });
});

describeLeaks();
describeRefusals();
describeIsolation();
describeCli();
describeSupplyChain();

describe('the leak watch', () => {
  // Last: by now every part above has fed the watch (errors, logs, inspected objects, wire, CLI output).
  it('found no key material in any text the suite produced', () => {
    expect(world.watch.seen).toBeGreaterThan(1_000);
    // Both loggers spoke (at debug level), so their silence is not what kept them clean.
    expect(world.logLines.sdk).toBeGreaterThan(0);
    expect(world.logLines.exchange).toBeGreaterThan(0);
    expect(world.watch.leaks()).toEqual([]);
  });

  it('would find one: a key cut into pieces inside other text is still caught', () => {
    const probe = new KeyLeakWatch();
    const pem = world.keys.rsaPkcs8.pem;
    probe.addSecret('probe', pem);
    probe.see(new Error(`failed near ${pem.split('\n').slice(5, 7).join('')}`));
    expect(probe.leaks()).toEqual(['probe']);
  });
});
