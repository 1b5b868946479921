import type { Handlers } from '../../server/handler.js';
import { incentiveHandlers } from './incentives.js';
import { liveDataHandlers } from './live.js';
import { milestoneHandlers } from './milestones.js';
import { structuredTargetHandlers } from './structured-targets.js';
import { weatherHandlers } from './weather.js';

/** Milestones, structured targets, incentive programs, live data and the weather index. */
export const liveDataAreaHandlers: Handlers = {
  ...milestoneHandlers,
  ...structuredTargetHandlers,
  ...incentiveHandlers,
  ...liveDataHandlers,
  ...weatherHandlers,
};
