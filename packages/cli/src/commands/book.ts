/**
 * `kalshi book TICKER`: the depth ladder from REST; with `--watch`, a live view fed by the
 * WebSocket (`orderbook_delta` into a BookManager, `trade` for the last trade) that redraws in
 * place until q or Ctrl-C.
 */
import { Option, type Command } from 'commander';
import { BookManager, OrderBook, formatUnits } from 'kalshi-ts/book';
import type { Schema } from 'kalshi-ts';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { renderBook, type BookModel, type LastTrade, type ViewLevel } from '../format/book-view.js';
import { timeOf } from '../format/values.js';
import { LiveScreen } from '../screen.js';
import { flagsOf } from './common.js';
import { socketClosed } from './stream.js';

interface BookFlags {
  depth: string;
  side: 'yes' | 'no';
  watch?: boolean;
  interval: string;
  json?: boolean;
}

interface Levels {
  bids: ViewLevel[];
  asks: ViewLevel[];
  spread: string | undefined;
  mid: string | undefined;
}

function levelsOf(book: OrderBook, side: 'yes' | 'no', depth: number): Levels {
  const spread = book.spread(side);
  return {
    bids: book.depth(side, depth, 'bid'),
    asks: book.depth(side, depth, 'ask'),
    spread: spread === undefined ? undefined : formatUnits(spread),
    mid: book.mid(side),
  };
}

function tradeFromRest(t: Schema<'Trade'> | undefined, side: 'yes' | 'no'): LastTrade | undefined {
  if (!t) return undefined;
  return {
    price: side === 'yes' ? t.yes_price_dollars : t.no_price_dollars,
    count: t.count_fp,
    takerSide: t.taker_outcome_side,
    timeMs: Date.parse(t.created_time),
  };
}

function positiveInt(text: string, flag: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function snapshot(ctx: Context, ticker: string, flags: BookFlags, depth: number): Promise<void> {
  const client = ctx.client();
  const [res, market, trades] = await Promise.all([
    client.markets.orderbook(ticker, { depth }),
    client.markets.get(ticker),
    client.markets.trades({ ticker, limit: 1 }).then((p) => p.trades, () => []),
  ]);
  if (flags.json) return ctx.out.json(res);
  const book = OrderBook.fromSnapshot(res, { ticker });
  const model: BookModel = {
    ticker,
    title: market.market.title,
    status: market.market.status,
    side: flags.side,
    ...levelsOf(book, flags.side, depth),
    lastTrade: tradeFromRest(trades[0], flags.side),
    width: ctx.out.columns,
  };
  for (const line of renderBook(model, ctx.out.c)) ctx.out.line(line);
}

async function watch(ctx: Context, ticker: string, flags: BookFlags, depth: number): Promise<void> {
  const { out } = ctx;
  const client = ctx.client();
  const ws = ctx.ws();
  const [{ market }, trades] = await Promise.all([
    client.markets.get(ticker),
    client.markets.trades({ ticker, limit: 1 }).then((p) => p.trades, () => []),
  ]);

  const books = new BookManager({ logger: ctx.logger() });
  let lastTrade = tradeFromRest(trades[0], flags.side);
  let levels: Levels = { bids: [], asks: [], spread: undefined, mid: undefined };
  let feed = 'connecting';
  let updatedMs: number | undefined;
  let quitting = false;

  const screen = new LiveScreen(out, { intervalMs: positiveInt(flags.interval, '--interval', 60_000) });
  const render = () => {
    const book = books.get(ticker);
    if (book && !book.isStale) levels = levelsOf(book, flags.side, depth);
    const model: BookModel = {
      ticker,
      title: market.title,
      status: market.status,
      side: flags.side,
      ...levels,
      lastTrade,
      footer: `${feed}${updatedMs ? ` · updated ${timeOf(updatedMs).slice(11)} UTC` : ''} · q to quit`,
      width: out.columns,
    };
    return renderBook(model, out.c);
  };

  let lastError: unknown;
  const ended = new Promise<void>((resolve, reject) => {
    const quit = () => {
      quitting = true;
      resolve();
    };
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
    ctx.onCleanup(() => {
      process.off('SIGINT', quit);
      process.off('SIGTERM', quit);
    });
    ws.on('error', (error) => {
      lastError = error;
    });
    ws.on('close', (info) => {
      if (quitting) return;
      // The reason (a refused handshake, say) is reported right after the close: let it arrive first.
      if (!info.willReconnect) {
        setImmediate(() => reject(lastError ?? socketClosed(info)));
        return;
      }
      feed = 'disconnected, reconnecting';
      screen.update();
    });
    ws.on('reconnecting', (attempt) => {
      feed = `reconnecting (attempt ${attempt})`;
      screen.update();
    });
    ws.on('resync', (event) => {
      books.markStale(ticker, event.reason);
      feed = `resyncing after ${event.reason.replace(/_/g, ' ')}`;
      screen.update();
    });
    screen.open(render, quit);
  });
  // Once the view is gone nobody awaits this any more; a late close must not become an unhandled rejection.
  ended.catch(() => {});
  ctx.onCleanup(() => screen.close());

  const sub = ws.subscribe(['orderbook_delta', 'trade'], { market_tickers: [ticker] });
  sub.on('message', (message) => {
    if (books.handle(message)) {
      const book = books.get(ticker);
      feed = book?.isStale ? `resyncing (${book.staleReason ?? 'stale'})` : 'live';
      updatedMs = Date.now();
      screen.update();
      return;
    }
    if (message.type === 'trade') {
      const t = message.msg;
      if (t.market_ticker !== ticker) return;
      lastTrade = {
        price: flags.side === 'yes' ? t.yes_price_dollars : t.no_price_dollars,
        count: t.count_fp,
        takerSide: t.taker_outcome_side,
        timeMs: t.ts_ms,
      };
      screen.update();
    }
  });
  // A refused handshake rejects `ready`; the screen must be given back before the error prints.
  try {
    await Promise.race([sub.ready, ended]);
    await ended;
  } finally {
    quitting = true;
    screen.close();
  }
}

export function registerBook(program: Command, ctx: () => Context): void {
  program
    .command('book')
    .description('order book depth; --watch for a live view (q or Ctrl-C to quit)')
    .argument('<ticker>', 'market ticker')
    .option('-d, --depth <n>', 'levels per side', '10')
    .addOption(new Option('--side <side>', 'show the YES or the NO book').choices(['yes', 'no']).default('yes'))
    .option('-w, --watch', 'live view from the WebSocket, redrawn in place')
    .option('--interval <ms>', 'fewest milliseconds between redraws in --watch', '100')
    .option('--json', 'print the REST order book as JSON')
    .action(async (ticker: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<BookFlags>(cmd);
      const depth = positiveInt(flags.depth, '--depth', 100);
      if (flags.watch && flags.json) throw new UsageError('--watch and --json cannot be used together', 'for machine-readable updates use `kalshi stream orderbook_delta --market TICKER`');
      if (flags.watch) await watch(c, ticker, flags, depth);
      else await snapshot(c, ticker, flags, depth);
    });
}
