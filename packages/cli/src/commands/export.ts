/**
 * `kalshi export trades|candles|fills --out file.csv`: pages through the API into a CSV with a
 * progress bar on stderr. Interrupted (Ctrl-C, a kill, a crash), the same command resumes where
 * the last committed page ended; see export/sink.ts for why no row is ever doubled or lost.
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import type { Kalshi, Schema } from 'kalshi-ts';
import type { Context } from '../context.js';
import { EXIT, Stop, UsageError } from '../errors.js';
import { CsvSink } from '../export/sink.js';
import { Progress } from '../format/progress.js';
import { parseTime, plural } from '../format/values.js';
import { flagsOf } from './common.js';

interface ExportFlags {
  out: string;
  market?: string;
  from?: string;
  to?: string;
  period?: string;
  pageSize?: string;
  fresh?: boolean;
}

interface Page<P> {
  rows: unknown[][];
  next: P;
  done: boolean;
}

interface Exporter<P> {
  noun: string;
  header: string[];
  fetch(position: P | null, signal: AbortSignal): Promise<Page<P>>;
  fraction?(position: P | null): number | undefined;
}

const TRADE_HEADER = ['trade_id', 'created_time', 'ticker', 'yes_price_dollars', 'no_price_dollars', 'count_fp', 'taker_outcome_side', 'taker_book_side', 'is_block_trade'];
const FILL_HEADER = ['fill_id', 'created_time', 'ticker', 'order_id', 'trade_id', 'action', 'outcome_side', 'book_side', 'count_fp', 'yes_price_dollars', 'no_price_dollars', 'is_taker', 'fee_cost', 'subaccount_number'];
const CANDLE_HEADER = [
  'end_period_ts', 'end_period_time', 'price_open', 'price_high', 'price_low', 'price_close', 'price_mean', 'price_previous',
  'yes_bid_open', 'yes_bid_high', 'yes_bid_low', 'yes_bid_close', 'yes_ask_open', 'yes_ask_high', 'yes_ask_low', 'yes_ask_close',
  'volume_fp', 'open_interest_fp',
];

const tradeRow = (t: Schema<'Trade'>) => [t.trade_id, t.created_time, t.ticker, t.yes_price_dollars, t.no_price_dollars, t.count_fp, t.taker_outcome_side, t.taker_book_side, t.is_block_trade];
const fillRow = (f: Schema<'Fill'>) => [
  f.fill_id, f.created_time ?? (f.ts ? new Date(f.ts * 1000).toISOString() : ''), f.ticker || f.market_ticker, f.order_id, f.trade_id,
  f.action ?? '', f.outcome_side, f.book_side, f.count_fp, f.yes_price_dollars, f.no_price_dollars, f.is_taker, f.fee_cost, f.subaccount_number ?? '',
];
const candleRow = (k: Schema<'MarketCandlestick'>) => [
  k.end_period_ts, new Date(k.end_period_ts * 1000).toISOString(),
  k.price.open_dollars, k.price.high_dollars, k.price.low_dollars, k.price.close_dollars, k.price.mean_dollars, k.price.previous_dollars,
  k.yes_bid.open_dollars, k.yes_bid.high_dollars, k.yes_bid.low_dollars, k.yes_bid.close_dollars,
  k.yes_ask.open_dollars, k.yes_ask.high_dollars, k.yes_ask.low_dollars, k.yes_ask.close_dollars,
  k.volume_fp, k.open_interest_fp,
];

export const PERIODS: Record<string, number> = { '1m': 1, '1': 1, '1h': 60, '60': 60, '1d': 1440, '1440': 1440 };

export function periodOf(text: string | undefined): number {
  const minutes = PERIODS[(text ?? '1h').trim()];
  if (minutes === undefined) throw new UsageError(`--period must be 1m, 1h or 1d, got ${JSON.stringify(text)}`);
  return minutes;
}

/** Where a market's candles live: they are addressed by series, which only the event knows. */
export async function seriesOf(client: Kalshi, ticker: string): Promise<string> {
  const { market } = await client.markets.get(ticker);
  const { event } = await client.events.get(market.event_ticker);
  return event.series_ticker;
}

function pageSizeOf(text: string | undefined, max: number): number {
  if (text === undefined) return Math.min(1000, max);
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`--page-size must be a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

type Cursor = { cursor: string };
type Window = { start: number; last_end: number | null };

function cursorExporter<T>(noun: string, header: string[], list: (cursor: string | undefined, signal: AbortSignal) => Promise<{ items: T[]; cursor: string | null | undefined }>, row: (item: T) => unknown[]): Exporter<Cursor> {
  return {
    noun,
    header,
    async fetch(position, signal) {
      const page = await list(position?.cursor || undefined, signal);
      const next = page.cursor ?? '';
      return { rows: page.items.map(row), next: { cursor: next }, done: next === '' };
    },
  };
}

async function runExport(ctx: Context, kind: 'trades' | 'fills' | 'candles', flags: ExportFlags): Promise<void> {
  const { out } = ctx;
  const path = resolve(flags.out);
  if (kind === 'candles' && !flags.market) throw new UsageError('export candles needs --market TICKER');
  const args: Record<string, string | null> = { market: flags.market ?? null, from: flags.from ?? null, to: flags.to ?? null };
  if (kind === 'candles') args.period = flags.period ?? '1h';
  const client = ctx.client({ auth: kind === 'fills' });

  // Times resolve once, on the first run; a resume reuses them so `--to now` means the same instant.
  const now = Date.now();
  const to = flags.to === undefined ? Math.floor(now / 1000) : parseTime(flags.to, '--to', now);
  const minutes = kind === 'candles' ? periodOf(args.period ?? undefined) : 0;
  const defaultSpan = minutes === 1 ? 86_400 : minutes === 60 ? 30 * 86_400 : 365 * 86_400;
  const from = flags.from === undefined ? (kind === 'candles' ? to - defaultSpan : null) : parseTime(flags.from, '--from', now);
  if (from !== null && from > to) throw new UsageError('--from is after --to');
  const resolved: Record<string, string | number | null> = { from, to, series: null };
  if (kind === 'candles') resolved.series = await seriesOf(client, flags.market!);

  const header = kind === 'trades' ? TRADE_HEADER : kind === 'fills' ? FILL_HEADER : CANDLE_HEADER;
  const { sink, resumed } = CsvSink.open<Cursor | Window>(path, { kind, args, resolved }, header, flags.fresh === true);
  const r = sink.state.resolved;
  const pageSize = pageSizeOf(flags.pageSize, kind === 'candles' ? 5000 : 1000);
  const exporter = makeExporter(ctx, kind, flags.market, r, pageSize, minutes);
  if (resumed) out.info(`resuming: ${plural(sink.state.rows, 'row')} already in ${flags.out}`);

  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const progress = new Progress(out, `exporting ${kind}`);
  const delayMs = Number(ctx.env.KALSHI_CLI_PAGE_DELAY_MS ?? 0);
  let done = sink.state.done;
  try {
    while (!done) {
      let page: Page<Cursor | Window>;
      try {
        page = await exporter.fetch(sink.state.position as never, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) break;
        throw error;
      }
      sink.commit(page.rows, page.next, page.done);
      done = page.done;
      progress.update({ rows: sink.state.rows, pages: sink.state.pages, fraction: done ? 1 : exporter.fraction?.(page.next as never) });
      if (ctx.verbose) out.info(out.ec.dim(`> page ${sink.state.pages}: ${page.rows.length} rows`));
      if (!done && delayMs > 0) await sleep(delayMs, undefined, { signal: controller.signal }).catch(() => {});
      if (controller.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    progress.clear();
    if (done) sink.finish();
    else sink.close();
  }
  if (!done) {
    throw new Stop(`interrupted: ${plural(sink.state.rows, 'row')} saved in ${flags.out}; run the same command again to resume`, EXIT.interrupted);
  }
  out.info(`exported ${plural(sink.state.rows, exporter.noun)} to ${flags.out} (${plural(sink.state.pages, 'page')})`);
}

function makeExporter(ctx: Context, kind: 'trades' | 'fills' | 'candles', market: string | undefined, r: Record<string, string | number | null>, pageSize: number, minutes: number): Exporter<Cursor | Window> {
  const client = ctx.client({ auth: kind === 'fills' });
  const range = { ...(r.from !== null ? { min_ts: r.from as number } : {}), max_ts: r.to as number };
  const ticker = market ? { ticker: market } : {};
  if (kind === 'trades') {
    return cursorExporter('trade', TRADE_HEADER, async (cursor, signal) => {
      const page = await client.markets.trades({ ...ticker, ...range, limit: pageSize, ...(cursor ? { cursor } : {}) }, { signal });
      return { items: page.trades ?? [], cursor: page.cursor };
    }, tradeRow) as Exporter<Cursor | Window>;
  }
  if (kind === 'fills') {
    return cursorExporter('fill', FILL_HEADER, async (cursor, signal) => {
      const page = await client.portfolio.fills({ ...ticker, ...range, limit: pageSize, ...(cursor ? { cursor } : {}) }, { signal });
      return { items: page.fills ?? [], cursor: page.cursor };
    }, fillRow) as Exporter<Cursor | Window>;
  }
  const span = minutes * 60;
  const from = r.from as number;
  const to = r.to as number;
  const exporter: Exporter<Window> = {
    noun: 'candle',
    header: CANDLE_HEADER,
    // Windows of `pageSize` periods; both ends inclusive (candles ending in [start_ts, end_ts]).
    async fetch(position, signal) {
      const start = position?.start ?? from;
      const end = Math.min(to, start + pageSize * span - 1);
      const res = await client.markets.candlesticks(r.series as string, market!, { start_ts: start, end_ts: end, period_interval: minutes as 1 | 60 | 1440 }, { signal });
      const after = position?.last_end ?? -Infinity;
      // The end of the previous window is a boundary a server may count twice: never write a candle twice.
      const fresh = (res.candlesticks ?? []).filter((k) => k.end_period_ts > after && k.end_period_ts <= to).sort((a, b) => a.end_period_ts - b.end_period_ts);
      const lastEnd = fresh.length ? fresh[fresh.length - 1]!.end_period_ts : (position?.last_end ?? null);
      return { rows: fresh.map(candleRow), next: { start: end + 1, last_end: lastEnd }, done: end >= to };
    },
    fraction: (position) => (position && to > from ? (position.start - from) / (to - from) : undefined),
  };
  return exporter as Exporter<Cursor | Window>;
}

export function registerExport(program: Command, ctx: () => Context): void {
  const exp = program
    .command('export')
    .description('page through trades, candles or your fills into a CSV (resumable)')
    .addHelpText('after', '\nInterrupted exports resume when the same command runs again; progress is kept in <out>.state.json.');
  const common = (cmd: Command, needsMarket: boolean) =>
    cmd
      .requiredOption('-o, --out <file>', 'CSV file to write')
      .option('-m, --market <ticker>', needsMarket ? 'market ticker (required)' : 'only this market')
      .option('--from <time>', 'start: Unix seconds, ISO date/time, or -7d / -2h')
      .option('--to <time>', 'end (default: now, fixed at the first run)')
      .option('--page-size <n>', 'rows (candles: periods) per request')
      .option('--fresh', 'discard a partial export or an existing file and start over');
  common(exp.command('trades').description('the public trades tape, newest first'), false).action(async (_o, cmd: Command) => runExport(ctx(), 'trades', flagsOf(cmd)));
  common(exp.command('fills').description('your fills, newest first'), false).action(async (_o, cmd: Command) => runExport(ctx(), 'fills', flagsOf(cmd)));
  common(exp.command('candles').description('candlesticks of one market, oldest first'), true)
    .option('--period <p>', 'candle length: 1m, 1h or 1d', '1h')
    .action(async (_o, cmd: Command) => runExport(ctx(), 'candles', flagsOf(cmd)));
}
