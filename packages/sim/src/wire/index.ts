// Engine records -> Kalshi JSON, exactly per the spec's schemas. Pure functions, no state.
export { balanceToWire, restingValueToWire, type BalanceFacts } from './balance.js';
export { fillToWire } from './fill.js';
export { cents, countFp, isoMs, moneyDollars, priceDollars, unixSeconds } from './format.js';
export { direction, orderToWire } from './order.js';
export { eventPositionsToWire, marketPositionToWire } from './position.js';
export { settlementToWire } from './settlement.js';
