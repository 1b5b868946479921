/**
 * Shared plumbing for commands: output format flags, API filters as flags (read from the SDK's
 * operation catalog, so a new filter in the spec becomes a flag without an edit here), and the
 * list runner every table-printing command uses.
 */
import { Option, type Command } from 'commander';
import { operations, type OperationId } from 'kalshi-ts';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { renderTable, type Column } from '../format/table.js';
import { parseTime } from '../format/values.js';

export type Format = 'table' | 'json' | 'jsonl';

export function addFormatFlags(cmd: Command, options: { jsonl?: boolean } = {}): Command {
  cmd.option('--json', 'print one JSON document (the API response)');
  if (options.jsonl !== false) cmd.option('--jsonl', 'print one JSON object per line');
  return cmd;
}

export function formatOf(opts: { json?: boolean; jsonl?: boolean }): Format {
  if (opts.json && opts.jsonl) throw new UsageError('--json and --jsonl cannot be used together');
  return opts.json ? 'json' : opts.jsonl ? 'jsonl' : 'table';
}

/** The catalog's description of one parameter (a structural copy: the catalog types are not public). */
interface Param {
  readonly name: string;
  readonly in: string;
  readonly type: string;
  readonly items?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}

export function kebab(name: string): string {
  return name.replace(/_/g, '-');
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

function isTime(p: Param): boolean {
  return p.type === 'integer' && /(^|_)ts$/.test(p.name);
}

function queryParams(id: OperationId, skip: readonly string[]): Param[] {
  return (operations[id].params as readonly Param[]).filter((p) => p.in === 'query' && !skip.includes(p.name));
}

function describe(p: Param): string {
  const bits: string[] = [];
  if (isTime(p)) bits.push('Unix seconds, ISO date/time, or -2h/-7d');
  else if (p.type === 'integer') {
    if (p.minimum !== undefined || p.maximum !== undefined) bits.push(`${p.minimum ?? ''}..${p.maximum ?? ''}`);
  } else if (p.type === 'array') bits.push('comma-separated');
  if (p.default !== undefined) bits.push(`API default ${String(p.default)}`);
  return `${p.name}${bits.length ? ` (${bits.join('; ')})` : ''}`;
}

/** One flag per query parameter of the operation: `event_ticker` -> `--event-ticker <value>`. */
export function addQueryFlags(cmd: Command, id: OperationId, skip: readonly string[] = []): Command {
  for (const p of queryParams(id, skip)) {
    const flag = `--${kebab(p.name)}`;
    if (p.type === 'boolean') {
      cmd.addOption(new Option(flag, describe(p)));
      continue;
    }
    const option = new Option(`${flag} <${p.type === 'integer' && !isTime(p) ? 'n' : 'value'}>`, describe(p));
    if (p.enum) option.choices(p.enum.map(String));
    cmd.addOption(option);
  }
  return cmd;
}

export type Query = Record<string, string | number | boolean | string[]>;

/** The flags given for the operation's query parameters, converted to the types the API takes. */
export function queryFrom(opts: Record<string, unknown>, id: OperationId, skip: readonly string[] = []): Query {
  const query: Query = {};
  for (const p of queryParams(id, skip)) {
    const value = opts[camel(p.name)];
    if (value === undefined) continue;
    const flag = `--${kebab(p.name)}`;
    if (p.type === 'boolean') query[p.name] = value === true;
    else if (isTime(p)) query[p.name] = parseTime(String(value), flag);
    else if (p.type === 'integer') {
      const text = String(value);
      if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
      const n = Number(text);
      if ((p.minimum !== undefined && n < p.minimum) || (p.maximum !== undefined && n > p.maximum)) {
        throw new UsageError(`${flag} must be between ${p.minimum ?? '-∞'} and ${p.maximum ?? '∞'}, got ${n}`);
      }
      query[p.name] = n;
    } else if (p.type === 'array') query[p.name] = String(value).split(',').map((s) => s.trim()).filter(Boolean);
    else query[p.name] = String(value);
  }
  return query;
}

/** A page of a list endpoint as the SDK returns it: awaitable for the first page, iterable for all items. */
export interface Pager<Page, Item> extends PromiseLike<Page>, AsyncIterable<Item> {
  toArray(options?: { maxItems?: number }): Promise<Item[]>;
}

export interface ListSpec<Page, Item> {
  /** What one item is called, for messages ("market"). */
  noun: string;
  /** The plural, when it is not noun + "s". */
  nouns?: string;
  /** The array the page carries its items in. */
  itemsKey: keyof Page & string;
  fetch: (query: Query) => Pager<Page, Item>;
  columns: Column<Item>[];
}

export interface ListFlags {
  json?: boolean;
  jsonl?: boolean;
  all?: boolean;
}

export function addListFlags(cmd: Command): Command {
  addFormatFlags(cmd);
  cmd.option('--all', 'follow the cursor through every page');
  return cmd;
}

/** Prints one page (or, with --all, every page) as a table, JSON or JSON lines. */
export async function runList<Page, Item>(ctx: Context, spec: ListSpec<Page, Item>, query: Query, flags: ListFlags): Promise<void> {
  const format = formatOf(flags);
  const { out } = ctx;
  const pager = spec.fetch(query);
  if (flags.all) {
    if (format === 'jsonl') {
      for await (const item of pager) out.jsonl(item);
      return;
    }
    const items = await pager.toArray();
    if (format === 'json') out.json({ [spec.itemsKey]: items });
    else printTable(ctx, spec, items);
    return;
  }
  const page = await pager;
  const items = ((page as Record<string, unknown>)[spec.itemsKey] as Item[] | null | undefined) ?? [];
  if (format === 'json') return out.json(page);
  if (format === 'jsonl') {
    for (const item of items) out.jsonl(item);
    return;
  }
  printTable(ctx, spec, items);
  const cursor = (page as { cursor?: unknown }).cursor;
  if (typeof cursor === 'string' && cursor !== '') out.info(out.ec.dim(`more ${nounsOf(spec)}: add --cursor ${cursor} for the next page, or --all`));
}

function printTable<Page, Item>(ctx: Context, spec: ListSpec<Page, Item>, items: readonly Item[]): void {
  const { out } = ctx;
  if (items.length === 0) {
    out.info(`no ${nounsOf(spec)} found`);
    return;
  }
  for (const line of renderTable(spec.columns, items, { width: out.columns, c: out.c })) out.line(line);
  if (out.isTTY) out.info(out.ec.dim(`${items.length.toLocaleString('en-US')} ${items.length === 1 ? spec.noun : nounsOf(spec)}`));
}

function nounsOf(spec: { noun: string; nouns?: string }): string {
  return spec.nouns ?? `${spec.noun}s`;
}

/** Flags of a command with the global ones merged in. */
export function flagsOf<T>(cmd: Command): T {
  return cmd.optsWithGlobals() as T;
}
