import { ControllableClock } from '../clock.js';
import { conflict } from '../server/errors.js';
import type { AdminContext, AdminHandler } from './router.js';

export const clockSchema = {
  type: 'object',
  properties: {
    freeze: { type: 'boolean' },
    set_ms: { type: 'integer', minimum: 0 },
    advance_ms: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};
export const rateLimitsSchema = {
  type: 'object',
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' } },
  additionalProperties: false,
};

export const health: AdminHandler = ({ exchange }) => ({
  body: { ok: true, now_ms: exchange.clock.now(), seed: exchange.config.seed, rate_limits_enabled: exchange.rateLimiter.enabled },
});

const clockState = (clock: unknown, now: number) => ({
  now_ms: now,
  frozen: clock instanceof ControllableClock ? clock.frozen : false,
  controllable: clock instanceof ControllableClock,
});

export const getClock: AdminHandler = ({ exchange }) => ({ body: clockState(exchange.clock, exchange.clock.now()) });

/** Applied in order: set, then advance, then freeze or unfreeze. Time only moves forward by advance. */
export const setClock: AdminHandler = ({ exchange, body }: AdminContext<{ freeze?: boolean; set_ms?: number; advance_ms?: number }>) => {
  const clock = exchange.clock;
  if (!(clock instanceof ControllableClock)) {
    throw conflict('the exchange was started with a custom clock; control it directly', '', 'clock_not_controllable');
  }
  if (body.set_ms !== undefined) clock.set(body.set_ms);
  if (body.advance_ms !== undefined) clock.advance(body.advance_ms);
  if (body.freeze === true) clock.freeze();
  if (body.freeze === false) clock.unfreeze();
  return { body: clockState(clock, clock.now()) };
};

export const setRateLimits: AdminHandler = ({ exchange, body }: AdminContext<{ enabled: boolean }>) => {
  exchange.rateLimiter.enabled = body.enabled;
  // Re-enabling starts every bucket full, so earlier traffic does not count against a test.
  if (body.enabled) exchange.rateLimiter.reset();
  return { body: { enabled: exchange.rateLimiter.enabled } };
};
