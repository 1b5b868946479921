export { Engine, checkInvariants } from './engine.js';
export type { BatchItem } from './engine.js';
export { EngineError } from './errors.js';
export type { EngineErrorCode } from './errors.js';
export { feeBasis, feeForBasis } from './fees.js';
export { mergeResults } from './recorder.js';
export type { AccountState, EngineState, OrderState, PositionState } from './state.js';
export * from './types.js';
