/**
 * `kalshi-ts/book`: exact, compact order books for Kalshi's `orderbook_delta` channel and REST
 * orderbooks. Prices are integer $0.0001 units, sizes integer hundredths of a contract.
 */
export { OrderBook } from './order-book.js';
export type { BookSide, DeltaMsg, DiffOptions, Level, OrderBookOptions, RawLevel, Side } from './order-book.js';
export { BookManager } from './book-manager.js';
export type { AnyFrame, BookEvents, BookFrame, BookManagerOptions } from './book-manager.js';
export { BookCorruptionError, StaleBookError } from './errors.js';
export type { CorruptionKind } from './errors.js';
export { UNITS_PER_DOLLAR, formatCentis, formatHalfUnits, formatUnits, parseCentis, parsePriceUnits } from './fixed.js';
export type { SnapshotInput, WsSnapshotMsg } from './snapshot.js';
