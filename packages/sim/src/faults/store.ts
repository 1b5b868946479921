// The pending REST faults of one exchange, and the timers of responses they hold back. Kept in a
// WeakMap beside the exchange state, so an exchange that never injects a fault pays one lookup.
import type { ExchangeState } from '../server/state.js';

export type HttpFaultKind = 'status' | 'slow' | 'drop';
/** `before`: nothing runs (or, for `slow`, the operation runs late); `after`: it ran and committed. */
export type HttpFaultWhen = 'before' | 'after';
export const FAULT_STATUSES = [408, 429, 500, 502, 503, 504] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export interface HttpFaultSpec {
  kind: HttpFaultKind;
  /** For `status`: what the client gets instead of the real answer. */
  status?: FaultStatus;
  /** How many matching requests it hits. */
  count: number;
  /** For `slow`: how long the request is held. */
  ms?: number;
  when: HttpFaultWhen;
  /** An operationId (`CreateOrderV2`), a method, a path prefix (`/trade-api/v2/portfolio`), a user. */
  operation?: string;
  method?: string;
  path?: string;
  user_id?: string;
}

export interface HttpFault extends HttpFaultSpec {
  id: number;
  remaining: number;
}

/** What a request is matched on. */
export interface FaultTarget {
  operation: string;
  method: string;
  path: string;
  userId: string | undefined;
}

export class HttpFaults {
  #next = 1;
  #pending: HttpFault[] = [];
  readonly #sleeps = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: (completed: boolean) => void }>();
  /** Faults that hit a request, by `kind:when` (and status), for GET and for tests' figures. */
  readonly injected: Record<string, number> = {};

  add(spec: HttpFaultSpec): HttpFault {
    const fault: HttpFault = { ...spec, id: this.#next++, remaining: spec.count };
    this.#pending.push(fault);
    return fault;
  }

  list(): HttpFault[] {
    return this.#pending.map((f) => ({ ...f }));
  }

  clear(): number {
    const n = this.#pending.length;
    this.#pending = [];
    return n;
  }

  /** The oldest pending fault for this stage that matches the request; uses up one of its count. */
  take(when: HttpFaultWhen, target: FaultTarget): HttpFault | undefined {
    if (this.#pending.length === 0) return undefined;
    const fault = this.#pending.find((f) => f.when === when && matches(f, target));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.#pending = this.#pending.filter((f) => f !== fault);
    const key = fault.kind === 'status' ? `status_${fault.status}:${when}` : `${fault.kind}:${when}`;
    this.injected[key] = (this.injected[key] ?? 0) + 1;
    return fault;
  }

  /** Resolves true after `ms`, or false at once if the exchange closes first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.#sleeps.add(entry);
    });
  }

  /** Ends every held request (they are dropped) and forgets the pending faults. */
  close(): void {
    for (const entry of this.#sleeps) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.#sleeps.clear();
    this.#pending = [];
  }
}

function matches(fault: HttpFault, target: FaultTarget): boolean {
  return (
    (fault.operation === undefined || fault.operation === target.operation) &&
    (fault.method === undefined || fault.method === target.method) &&
    (fault.path === undefined || target.path.startsWith(fault.path)) &&
    (fault.user_id === undefined || fault.user_id === target.userId)
  );
}

const stores = new WeakMap<ExchangeState, HttpFaults>();

export function httpFaultsOf(exchange: ExchangeState): HttpFaults {
  let store = stores.get(exchange);
  if (!store) {
    store = new HttpFaults();
    stores.set(exchange, store);
  }
  return store;
}

/** Called when the exchange closes: no held response may outlive it. */
export function closeHttpFaults(exchange: ExchangeState): void {
  stores.get(exchange)?.close();
}
