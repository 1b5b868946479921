/** `kalshi chart TICKER`: candlesticks as a terminal chart. */
import { Option, type Command } from 'commander';
import { formatCount, parseCount, type Schema } from 'kalshi-ts';
import { formatHalfUnits, parsePriceUnits } from 'kalshi-ts/book';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { renderChart, type Candle } from '../format/chart.js';
import { countOf, parseTime, priceOf, timeOf } from '../format/values.js';
import { flagsOf } from './common.js';
import { periodOf, seriesOf } from './export.js';

interface ChartFlags {
  period: string;
  from?: string;
  to?: string;
  height: string;
  source: 'trades' | 'quotes';
  json?: boolean;
}

type Kline = Schema<'MarketCandlestick'>;

const half = (dollars: string | null | undefined): number | undefined => (dollars === null || dollars === undefined || dollars === '' ? undefined : parsePriceUnits(dollars) * 2);

function fromTrades(k: Kline): Candle {
  return { time: k.end_period_ts, open: half(k.price.open_dollars), high: half(k.price.high_dollars), low: half(k.price.low_dollars), close: half(k.price.close_dollars) };
}

/** The quoted mid: (bid + ask) / 2 for each of open, high, low, close, exact in half-units. */
function fromQuotes(k: Kline): Candle {
  const mid = (bid: string, ask: string) => {
    const b = half(bid);
    const a = half(ask);
    return b === undefined || a === undefined ? undefined : (a + b) / 2;
  };
  return {
    time: k.end_period_ts,
    open: mid(k.yes_bid.open_dollars, k.yes_ask.open_dollars),
    high: mid(k.yes_bid.high_dollars, k.yes_ask.high_dollars),
    low: mid(k.yes_bid.low_dollars, k.yes_ask.low_dollars),
    close: mid(k.yes_bid.close_dollars, k.yes_ask.close_dollars),
  };
}

async function chartAction(ctx: Context, ticker: string, flags: ChartFlags): Promise<void> {
  const { out } = ctx;
  const minutes = periodOf(flags.period);
  const span = minutes * 60;
  const height = Number(flags.height);
  if (!Number.isSafeInteger(height) || height < 4 || height > 200) throw new UsageError(`--height must be a whole number from 4 to 200, got ${JSON.stringify(flags.height)}`);
  const now = Date.now();
  const to = flags.to === undefined ? Math.floor(now / 1000) : parseTime(flags.to, '--to', now);
  // By default as many candles as fit across the terminal.
  const columns = Math.max(10, Math.min(out.columns, 200) - 12);
  const from = flags.from === undefined ? to - columns * span : parseTime(flags.from, '--from', now);
  if (from > to) throw new UsageError('--from is after --to');
  const client = ctx.client();
  const series = await seriesOf(client, ticker);
  // A candle is listed once its period has ended; reaching one period past "now" includes the one in progress.
  const endTs = flags.to === undefined ? to + span : to;
  const res = await client.markets.candlesticks(series, ticker, { start_ts: from, end_ts: endTs, period_interval: minutes as 1 | 60 | 1440 });
  if (flags.json) return out.json(res);
  const klines = res.candlesticks ?? [];
  let source = flags.source;
  let candles = klines.map(source === 'trades' ? fromTrades : fromQuotes);
  if (source === 'trades' && klines.length > 0 && candles.every((k) => k.close === undefined)) {
    out.info(out.ec.dim('no trades in this range: charting the quoted mid instead (--source quotes)'));
    source = 'quotes';
    candles = klines.map(fromQuotes);
  }
  candles = candles.slice(-columns);
  const label = minutes === 1440 ? (t: number) => timeOf(t).slice(0, 10) : (t: number) => timeOf(t).slice(5, 16);
  const closes = candles.filter((k) => k.close !== undefined);
  const first = closes[0]?.close;
  const last = closes[closes.length - 1]?.close;
  const volume = klines.slice(-columns).reduce((sum, k) => sum + parseCount(k.volume_fp), 0n);
  let change = '';
  if (first !== undefined && last !== undefined) {
    const diff = last - first;
    const pct = first === 0 ? '' : ` ${diff >= 0 ? '+' : ''}${((diff / first) * 100).toFixed(1)}%`;
    const text = `${diff >= 0 ? '+' : '-'}${priceOf(formatHalfUnits(Math.abs(diff)))}${pct}`;
    change = ` (${diff >= 0 ? out.c.green(text) : out.c.red(text)})`;
  }
  const p = minutes === 1 ? '1m' : minutes === 60 ? '1h' : '1d';
  out.line(
    `${out.c.bold(ticker)}  ${p} candles (${source === 'trades' ? 'traded price' : 'quoted mid'})  ${timeOf(from).slice(0, 16)} -> ${timeOf(to).slice(0, 16)} UTC` +
      `${last !== undefined ? `  last ${out.c.bold(priceOf(formatHalfUnits(last)))}${change}` : ''}  volume ${countOf(formatCount(volume))}`,
  );
  if (candles.length === 0) {
    out.info('no candles in this range: try a longer --period or an earlier --from');
    return;
  }
  for (const line of renderChart(candles, { height, c: out.c, timeLabel: label })) out.line(line);
}

export function registerChart(program: Command, ctx: () => Context): void {
  program
    .command('chart')
    .description('candlestick chart of a market in the terminal')
    .argument('<ticker>', 'market ticker')
    .option('--period <p>', 'candle length: 1m, 1h or 1d', '1h')
    .option('--from <time>', 'start (default: as many candles as fit the terminal)')
    .option('--to <time>', 'end (default: now)')
    .option('--height <rows>', 'chart height in rows', '16')
    .addOption(new Option('--source <source>', 'traded prices or the quoted mid').choices(['trades', 'quotes']).default('trades'))
    .option('--json', 'print the candlesticks as JSON')
    .action(async (ticker: string, _opts, cmd: Command) => chartAction(ctx(), ticker, flagsOf<ChartFlags>(cmd)));
}
