// Entry point of the generated area (hand-written; the files it re-exports are generated).
export * from './catalog-types.js';
export * from './catalog.js';
export * from './schemas.js';
export type * as rest from './rest-types.js';
export type * as ws from './ws-types.js';
