/** `kalshi markets|events|series list|get`: the public catalogue. */
import type { Command } from 'commander';
import type { Kalshi, Schema } from 'kalshi-ts';
import type { Context } from '../context.js';
import type { Colors } from '../output.js';
import { renderPairs, renderTable, type Column } from '../format/table.js';
import { countOf, moneyOf, priceOf, timeOf } from '../format/values.js';
import { addFormatFlags, addListFlags, addQueryFlags, flagsOf, formatOf, queryFrom, runList, type ListFlags, type Pager, type Query } from './common.js';

type Market = Schema<'Market'>;
type EventData = Schema<'EventData'>;
type Series = Schema<'Series'>;

const STATUS_COLORS: Record<string, 'green' | 'yellow' | 'dim'> = { active: 'green', open: 'green', initialized: 'yellow', inactive: 'yellow', closed: 'dim', determined: 'dim', finalized: 'dim', settled: 'dim' };

function paintStatus(text: string, c: Colors): string {
  const color = STATUS_COLORS[text.trim()];
  return color ? c[color](text) : text;
}

export const MARKET_COLUMNS: Column<Market>[] = [
  { header: 'TICKER', value: (m) => m.ticker, paint: (t, _m, c) => c.bold(t) },
  { header: 'STATUS', value: (m) => m.status, paint: (t, _m, c) => paintStatus(t, c) },
  { header: 'YES BID', value: (m) => priceOf(m.yes_bid_dollars), align: 'right', paint: (t, _m, c) => c.green(t) },
  { header: 'YES ASK', value: (m) => priceOf(m.yes_ask_dollars), align: 'right', paint: (t, _m, c) => c.red(t) },
  { header: 'LAST', value: (m) => priceOf(m.last_price_dollars), align: 'right' },
  { header: 'VOLUME', value: (m) => countOf(m.volume_fp), align: 'right' },
  { header: 'CLOSES (UTC)', value: (m) => timeOf(m.close_time).slice(0, 16) },
  { header: 'TITLE', value: (m) => m.title ?? m.yes_sub_title, flex: true },
];

const EVENT_COLUMNS: Column<EventData>[] = [
  { header: 'EVENT', value: (e) => e.event_ticker, paint: (t, _e, c) => c.bold(t) },
  { header: 'SERIES', value: (e) => e.series_ticker },
  { header: 'CATEGORY', value: (e) => e.category ?? '' },
  { header: 'MARKETS', value: (e) => (e.markets ? String(e.markets.length) : ''), align: 'right' },
  { header: 'TITLE', value: (e) => e.title, flex: true },
];

const SERIES_COLUMNS: Column<Series>[] = [
  { header: 'SERIES', value: (s) => s.ticker, paint: (t, _s, c) => c.bold(t) },
  { header: 'FREQUENCY', value: (s) => s.frequency },
  { header: 'CATEGORY', value: (s) => s.category },
  { header: 'FEE', value: (s) => `${s.fee_type}${s.fee_multiplier !== 1 ? ` x${s.fee_multiplier}` : ''}` },
  { header: 'TITLE', value: (s) => s.title, flex: true },
];

/** An APIPromise of a non-paginated list, shaped like a pager so runList can print it. */
function singlePage<Page, Item>(promise: PromiseLike<Page>, items: (page: Page) => Item[]): Pager<Page, Item> {
  return {
    then: (ok, fail) => promise.then(ok, fail),
    async *[Symbol.asyncIterator]() {
      yield* items(await promise);
    },
    toArray: async () => items(await promise),
  };
}

function marketPairs(m: Market): [string, string][] {
  const bidAsk = (bid: string, ask: string, size?: string, askSize?: string) =>
    `${priceOf(bid) || '-'}${size ? ` (${countOf(size)})` : ''} / ${priceOf(ask) || '-'}${askSize ? ` (${countOf(askSize)})` : ''}`;
  return [
    ['ticker', m.ticker],
    ['title', m.title ?? ''],
    ['yes means', m.yes_sub_title],
    ['event', m.event_ticker],
    ['status', m.status],
    ['yes bid / ask', bidAsk(m.yes_bid_dollars, m.yes_ask_dollars, m.yes_bid_size_fp, m.yes_ask_size_fp)],
    ['no bid / ask', bidAsk(m.no_bid_dollars, m.no_ask_dollars)],
    ['last price', priceOf(m.last_price_dollars)],
    ['volume', countOf(m.volume_fp)],
    ['volume 24h', countOf(m.volume_24h_fp)],
    ['open interest', countOf(m.open_interest_fp)],
    ['notional', moneyOf(m.notional_value_dollars)],
    ['opens (UTC)', timeOf(m.open_time)],
    ['closes (UTC)', timeOf(m.close_time)],
    ['expires (UTC)', timeOf(m.expected_expiration_time ?? m.latest_expiration_time)],
    ['result', m.result],
    ['rules', m.rules_primary],
  ];
}

function listCommand(parent: Command, name: string, summary: string): Command {
  return addListFlags(parent.command('list').description(summary).summary(summary)).addHelpText('after', `\nEvery API filter of ${name} is a flag; times take Unix seconds, ISO dates or offsets like -2h.`);
}

export function registerBrowse(program: Command, ctx: () => Context): void {
  const markets = program.command('markets').description('browse markets');
  addQueryFlags(listCommand(markets, 'GET /markets', 'list markets (filters: --status, --event-ticker, --series-ticker, ...)'), 'GetMarkets').action(
    async (_opts, cmd: Command) => {
      const flags = flagsOf<ListFlags & Record<string, unknown>>(cmd);
      const client = ctx().client();
      await runList(ctx(), { noun: 'market', itemsKey: 'markets', fetch: (q: Query) => client.markets.list(q as never), columns: MARKET_COLUMNS }, queryFrom(flags, 'GetMarkets'), flags);
    },
  );
  addFormatFlags(markets.command('get').description('show one market').argument('<ticker>'), { jsonl: false }).action(async (ticker: string, _opts, cmd: Command) => {
    const c = ctx();
    const format = formatOf(flagsOf(cmd));
    const res = await c.client().markets.get(ticker);
    if (format === 'json') return c.out.json(res);
    for (const line of renderPairs(marketPairs(res.market), c.out.c)) c.out.line(line);
  });

  const events = program.command('events').description('browse events');
  addQueryFlags(listCommand(events, 'GET /events', 'list events (filters: --status, --series-ticker, --with-nested-markets, ...)'), 'GetEvents').action(
    async (_opts, cmd: Command) => {
      const flags = flagsOf<ListFlags & Record<string, unknown>>(cmd);
      const client = ctx().client();
      await runList(ctx(), { noun: 'event', itemsKey: 'events', fetch: (q: Query) => client.events.list(q as never), columns: EVENT_COLUMNS }, queryFrom(flags, 'GetEvents'), flags);
    },
  );
  addQueryFlags(addFormatFlags(events.command('get').description('show one event and its markets').argument('<event_ticker>'), { jsonl: false }), 'GetEvent').action(
    async (ticker: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<Record<string, unknown>>(cmd);
      const format = formatOf(flags);
      const res = await c.client().events.get(ticker, queryFrom(flags, 'GetEvent') as never);
      if (format === 'json') return c.out.json(res);
      const e = res.event;
      const pairs: [string, string][] = [
        ['event', e.event_ticker],
        ['series', e.series_ticker],
        ['title', e.title],
        ['subtitle', e.sub_title],
        ['category', e.category ?? ''],
        ['mutually exclusive', e.mutually_exclusive ? 'yes' : 'no'],
        ['strike date (UTC)', timeOf(e.strike_date)],
      ];
      for (const line of renderPairs(pairs, c.out.c)) c.out.line(line);
      const list = res.markets.length ? res.markets : (e.markets ?? []);
      if (list.length) {
        c.out.line();
        for (const line of renderTable(MARKET_COLUMNS, list, { width: c.out.columns, c: c.out.c })) c.out.line(line);
      }
    },
  );

  const series = program.command('series').description('browse series');
  addQueryFlags(listCommand(series, 'GET /series', 'list series (filters: --category, --tags, ...)'), 'GetSeriesList').action(async (_opts, cmd: Command) => {
    const flags = flagsOf<ListFlags & Record<string, unknown>>(cmd);
    const client: Kalshi = ctx().client();
    const fetch = (q: Query) => singlePage(client.series.list(q as never), (page) => page.series ?? []);
    await runList(ctx(), { noun: 'series', nouns: 'series', itemsKey: 'series', fetch, columns: SERIES_COLUMNS }, queryFrom(flags, 'GetSeriesList'), flags);
  });
  addQueryFlags(addFormatFlags(series.command('get').description('show one series').argument('<series_ticker>'), { jsonl: false }), 'GetSeries').action(
    async (ticker: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<Record<string, unknown>>(cmd);
      const res = await c.client().series.get(ticker, queryFrom(flags, 'GetSeries') as never);
      if (formatOf(flags) === 'json') return c.out.json(res);
      const s = res.series;
      const pairs: [string, string][] = [
        ['series', s.ticker],
        ['title', s.title],
        ['frequency', s.frequency],
        ['category', s.category],
        ['tags', (s.tags ?? []).join(', ')],
        ['fee', `${s.fee_type} x${s.fee_multiplier}`],
        ['volume', countOf(s.volume_fp)],
        ['contract terms', s.contract_terms_url],
      ];
      for (const line of renderPairs(pairs, c.out.c)) c.out.line(line);
    },
  );
}
