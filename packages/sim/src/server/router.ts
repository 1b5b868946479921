import type { OperationSpec } from 'kalshi-ts/generated';
import { ApiError, badRequest, notFound } from './errors.js';

export const API_PREFIX = '/trade-api/v2';

interface Node {
  literals: Map<string, Node>;
  param: { name: string; node: Node } | null;
  methods: Map<string, OperationSpec>;
}

const newNode = (): Node => ({ literals: new Map(), param: null, methods: new Map() });

export interface RouteMatch {
  op: OperationSpec;
  /** Decoded path parameters. */
  params: Record<string, string>;
}

/**
 * Splits a raw request path into percent-decoded segments. Segments are split before decoding,
 * so an encoded slash (%2F) stays inside its segment.
 */
export function decodeSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw badRequest(`path: malformed percent-encoding in segment '${segment}'`, '', 'invalid_path');
      }
    });
}

/**
 * A segment trie over the catalog's paths. At each segment a literal child is tried before the
 * placeholder child, with backtracking, so `/markets/trades` beats `/markets/{ticker}` while
 * `/live_data/milestone/x/...` can still fall back to `/live_data/{type}/milestone/...`.
 */
export class Router {
  private readonly root = newNode();

  constructor(operations: Iterable<OperationSpec>) {
    for (const op of operations) this.add(op);
  }

  private add(op: OperationSpec): void {
    let node = this.root;
    for (const segment of op.path.split('/').slice(1)) {
      const placeholder = /^\{(.+)\}$/.exec(segment);
      if (placeholder) {
        const name = placeholder[1]!;
        if (node.param && node.param.name !== name) {
          throw new Error(`router: ${op.path} names a placeholder '${name}' where another path uses '${node.param.name}'`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        let next = node.literals.get(segment);
        if (!next) node.literals.set(segment, (next = newNode()));
        node = next;
      }
    }
    if (node.methods.has(op.method)) throw new Error(`router: duplicate route ${op.method} ${op.path}`);
    node.methods.set(op.method, op);
  }

  /**
   * Finds the operation for `method` and the decoded segments after the API prefix.
   * Throws a Kalshi-shaped 404 for an unknown path and a 405 (with `Allow`) for a known path
   * used with another method.
   */
  match(method: string, segments: readonly string[]): RouteMatch {
    const candidates: { node: Node; params: Record<string, string> }[] = [];
    this.collect(this.root, segments, 0, {}, candidates);
    for (const c of candidates) {
      const op = c.node.methods.get(method);
      if (op) return { op, params: c.params };
    }
    if (candidates.length > 0) {
      const allow = [...new Set(candidates.flatMap((c) => [...c.node.methods.keys()]))].sort().join(', ');
      throw new ApiError(405, 'method_not_allowed', `method ${method} is not allowed on this path`, `Allowed: ${allow}`, { Allow: allow });
    }
    throw notFound(`no such endpoint: /${segments.join('/')}`, 'Check the path against the Kalshi API reference.', 'not_found');
  }

  private collect(
    node: Node,
    segments: readonly string[],
    index: number,
    params: Record<string, string>,
    out: { node: Node; params: Record<string, string> }[],
  ): void {
    if (index === segments.length) {
      if (node.methods.size > 0) out.push({ node, params });
      return;
    }
    const segment = segments[index]!;
    const literal = node.literals.get(segment);
    if (literal) this.collect(literal, segments, index + 1, params, out);
    if (node.param) {
      this.collect(node.param.node, segments, index + 1, { ...params, [node.param.name]: segment }, out);
    }
  }
}
