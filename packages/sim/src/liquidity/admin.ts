import type { AdminContext, AdminHandler } from '../admin/router.js';
import { conflict } from '../server/errors.js';

export const liquiditySchema = {
  type: 'object',
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' }, noise: { type: 'boolean' } },
  additionalProperties: false,
};

export const getLiquidity: AdminHandler = ({ exchange }) => ({ body: exchange.liquidity.status() });

/** `{ enabled, noise? }`: switching off pulls every quote the provider has resting. */
export const setLiquidity: AdminHandler = ({ exchange, body }: AdminContext<{ enabled: boolean; noise?: boolean }>) => {
  exchange.liquidity.setEnabled(body.enabled, body.noise);
  return { body: exchange.liquidity.status() };
};

/** One refresh, synchronously and regardless of the timer: deterministic for tests and demos. */
export const stepLiquidity: AdminHandler = ({ exchange }) => {
  if (!exchange.liquidity.enabled) {
    throw conflict('the liquidity provider is switched off', 'POST /_sim/liquidity {"enabled": true} first.', 'liquidity_disabled');
  }
  const report = exchange.liquidity.step();
  return { body: { ...report, ...exchange.liquidity.status() } };
};
