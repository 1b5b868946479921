/**
 * Live data around the seeded catalog: milestones, structured targets, incentive programs, the
 * weather index, and the live values (scores, temperatures, prices) that follow the clock.
 * Everything is a pure function of the exchange seed, the seeding time and the clock, plus the
 * outcomes the catalog has settled on, so a restarted exchange serves the same data.
 */
import type { SimDatabase } from '../../db/database.js';
import { MINUTE } from '../format.js';
import { buildIncentives, type IncentiveEntry } from './incentives.js';
import { buildMilestones, type MilestoneEntry } from './milestones.js';
import { buildTargets, type Targets } from './targets.js';

export { CITIES, calibrations, cityById, type Calibration, type CityDef } from './calibrations.js';
export { incentiveStatus, type IncentiveEntry, type IncentiveStatus } from './incentives.js';
export { MILESTONE_TYPES, type MilestoneEntry, type MilestoneKind } from './milestones.js';
export { matchesCompetition } from './targets.js';

export interface LiveCatalog {
  seed: number;
  /** The catalog's time origin (the seeding time, to the minute), as buildCatalog uses it. */
  base: number;
  /** Sorted by start date, then id. */
  milestones: MilestoneEntry[];
  milestoneById: Map<string, MilestoneEntry>;
  /** By the event each milestone decides. */
  milestoneByEvent: Map<string, MilestoneEntry>;
  targets: Targets;
  /** Sorted by start date, then id. */
  incentives: IncentiveEntry[];
}

export function buildLiveCatalog(seed: number, seededAtMs: number): LiveCatalog {
  const base = Math.floor(seededAtMs / MINUTE) * MINUTE;
  const targets = buildTargets(seed, base);
  const milestones = buildMilestones(seed, base, targets);
  return {
    seed,
    base,
    milestones,
    milestoneById: new Map(milestones.map((m) => [m.milestone.id, m])),
    milestoneByEvent: new Map(milestones.map((m) => [m.eventTicker, m])),
    targets,
    incentives: buildIncentives(seed, base),
  };
}

const EMPTY: LiveCatalog = {
  seed: 0,
  base: 0,
  milestones: [],
  milestoneById: new Map(),
  milestoneByEvent: new Map(),
  targets: { list: [], byId: new Map(), teams: new Map(), others: new Map() },
  incentives: [],
};

const cache = new WeakMap<SimDatabase, LiveCatalog>();

/**
 * The live catalog of a database, from the seed and seeding time it was created with (not the
 * options of the current run: a reopened file keeps its catalog). Empty for an unseeded database.
 */
export function liveCatalogOf(db: SimDatabase): LiveCatalog {
  let catalog = cache.get(db);
  if (!catalog) {
    const seed = db.meta.get('seed');
    const seededAt = db.meta.get('seeded_at_ms');
    catalog = seed === undefined || seededAt === undefined ? EMPTY : buildLiveCatalog(Number(seed), Number(seededAt));
    cache.set(db, catalog);
  }
  return catalog;
}
