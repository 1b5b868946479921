/**
 * A fast reader for `orderbook_delta` frames, the bulk of a market-data socket's traffic. JSON.parse
 * is a general parser and costs more per delta than everything else the client does with one
 * (sequence check, routing, book update). Delta frames in Kalshi's compact layout are instead matched
 * by one regular expression, which V8 compiles to native code, and built as object literals.
 *
 * The reader accepts a strict subset of JSON. For every text it accepts it returns a value equal to
 * JSON.parse's, key order included; for anything else it returns undefined and the caller uses
 * JSON.parse, which then decides (and reports) as before. The subset:
 * - no whitespace between tokens;
 * - envelope keys exactly `type`, `sid`, `seq`, `msg` in that order, `type` "orderbook_delta";
 * - `msg` starts with market_ticker, market_id, price_dollars, delta_fp, side in that order, `side`
 *   "yes" or "no", then any of client_order_id, ts, ts_ms, subaccount, in any order;
 * - strings without escapes or control characters, so their text is their value;
 * - numbers as canonical non-negative integers of at most 15 digits, so exact as doubles.
 * An extra or reordered field, an escape, whitespace, a fraction or exponent: JSON.parse.
 */
import type { OrderbookDeltaPayload } from '../generated/ws-types.js';

export type DeltaFrame = OrderbookDeltaPayload;
type DeltaMsg = DeltaFrame['msg'];

/** A JSON string's content when it has no escapes and no control characters. */
const STR = '([^"\\\\\\u0000-\\u001f]*)';
/** A canonical non-negative integer small enough to be exact (read by position, not captured). */
const INT = '(?:0|[1-9][0-9]{0,14})';
/** Any number of the optional fields, in any order; split in code. */
const OPTIONAL = `((?:,"(?:ts|client_order_id)":"[^"\\\\\\u0000-\\u001f]*"|,"(?:ts_ms|subaccount)":${INT})*)`;

/** Where the sid's digits start: right after `{"type":"orderbook_delta","sid":`. */
const SID_AT = 32;

/**
 * Groups: 1 market_ticker, 2 market_id, 3 price_dollars, 4 delta_fp, 5 "y" when side is "yes", then
 * the layout Kalshi sends: 6 ts, 7 empty when ts_ms is present; then 8 whatever optional fields
 * follow. Numbers are not captured: their digits are read in place, which saves a string each.
 */
const DELTA_FRAME = new RegExp(
  `^\\{"type":"orderbook_delta","sid":${INT},"seq":${INT},"msg":\\{"market_ticker":"${STR}","market_id":"${STR}",` +
    `"price_dollars":"${STR}","delta_fp":"${STR}","side":"(?:(y)es|no)"(?:,"ts":"${STR}")?(?:,"ts_ms":${INT}())?${OPTIONAL}\\}\\}$`,
);

/**
 * The integer whose digits start at `from`, read in one pass; its end is left in `intEnd`. The
 * regular expression has already checked the digits, so this only has to find where they stop.
 */
let intEnd = 0;
function intAt(text: string, from: number): number {
  let value = 0;
  let i = from;
  for (let d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(++i) - 48) value = value * 10 + d;
  intEnd = i;
  return value;
}

/** The integer whose digits end just before `end`, read backwards in one pass. */
function intBefore(text: string, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = end - 1, d = text.charCodeAt(i) - 48; d >= 0 && d <= 9; d = text.charCodeAt(--i) - 48) {
    value += d * scale;
    scale *= 10;
  }
  return value;
}

/**
 * Assigns the fields of `rest` (already matched by OPTIONAL) in text order. A repeated key is
 * assigned again, which keeps its first position and its last value, as JSON.parse does.
 */
function assignRest(msg: DeltaMsg, rest: string): void {
  let at = 0;
  while (at < rest.length) {
    // rest is `,"key":value` repeated; keys and strings hold no quotes of their own.
    const keyEnd = rest.indexOf('"', at + 2);
    const key = rest.slice(at + 2, keyEnd);
    const valueStart = keyEnd + 2;
    if (rest.charCodeAt(valueStart) === 34) {
      const valueEnd = rest.indexOf('"', valueStart + 1);
      const value = rest.slice(valueStart + 1, valueEnd);
      if (key === 'ts') msg.ts = value;
      else msg.client_order_id = value;
      at = valueEnd + 1;
    } else {
      const value = intAt(rest, valueStart);
      if (key === 'ts_ms') msg.ts_ms = value;
      else msg.subaccount = value;
      at = intEnd;
    }
  }
}

/**
 * The parsed frame when `text` is an `orderbook_delta` frame within the subset above, else
 * undefined (parse it with JSON.parse).
 */
export function readDeltaFrame(text: string): DeltaFrame | undefined {
  // The cheap test first: most frames that are not deltas are rejected here without a regex run.
  if (text.charCodeAt(19) !== 100 || text.charCodeAt(9) !== 111) return undefined;
  const m = DELTA_FRAME.exec(text);
  if (m === null) return undefined;
  const msg: DeltaMsg = {
    market_ticker: m[1]!,
    market_id: m[2]!,
    price_dollars: m[3]!,
    delta_fp: m[4]!,
    side: m[5] === undefined ? 'no' : 'yes',
  };
  if (m[6] !== undefined) msg.ts = m[6];
  const rest = m[8]!;
  if (m[7] !== undefined) {
    // ts_ms is the last field before `rest` and the closing `}}`.
    msg.ts_ms = intBefore(text, text.length - 2 - rest.length);
  }
  if (rest.length > 0) assignRest(msg, rest);
  const sid = intAt(text, SID_AT);
  const seq = intAt(text, intEnd + 7); // past `,"seq":`
  return { type: 'orderbook_delta', sid, seq, msg };
}
