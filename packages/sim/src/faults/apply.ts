// Where the request pipeline meets the pending REST faults: once before the handler (nothing has
// run yet) and once after it (the operation is committed; only the answer is lost or late).
import { RATE_LIMIT_BODY } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { httpFaultsOf, type FaultStatus, type FaultTarget, type HttpFault, type HttpFaults } from './store.js';

export interface FaultOutcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Destroy the socket without answering, as a network failure would. */
  drop?: boolean;
}

const DROP: FaultOutcome = { status: 0, drop: true };

const CODES: Record<FaultStatus, string> = {
  408: 'request_timeout',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** A Kalshi-shaped answer for an injected status; a 429 looks exactly like a real one. */
export function injectedStatus(status: FaultStatus): FaultOutcome {
  if (status === 429) return { status, body: RATE_LIMIT_BODY };
  return {
    status,
    body: { code: CODES[status], message: `the local exchange answered ${status} (injected fault)`, details: 'injected by POST /_sim/http/faults' },
  };
}

/**
 * Before the handler. Undefined (synchronously, so requests without faults pay no extra await):
 * go on. Otherwise a promise of the outcome that ends the request, or of undefined once a `slow`
 * fault has held it (the handler then runs late, after the client may have given up).
 */
export function faultBefore(exchange: ExchangeState, target: FaultTarget): Promise<FaultOutcome | undefined> | undefined {
  const faults = httpFaultsOf(exchange);
  const fault = faults.take('before', target);
  return fault ? apply(faults, fault, undefined) : undefined;
}

/** After the handler: the committed outcome as it is (synchronously), or what the fault turns it into. */
export function faultAfter<O extends FaultOutcome>(exchange: ExchangeState, target: FaultTarget, outcome: O): O | Promise<O | FaultOutcome> {
  const faults = httpFaultsOf(exchange);
  const fault = faults.take('after', target);
  if (!fault) return outcome;
  return apply(faults, fault, outcome).then((replaced) => replaced ?? outcome);
}

async function apply<O extends FaultOutcome>(faults: HttpFaults, fault: HttpFault, outcome: O | undefined): Promise<O | FaultOutcome | undefined> {
  switch (fault.kind) {
    case 'status':
      return injectedStatus(fault.status ?? 503);
    case 'drop':
      return DROP;
    case 'slow':
      // An exchange closing mid-hold drops the request rather than run it against a closed database.
      return (await faults.sleep(fault.ms ?? 0)) ? outcome : DROP;
  }
}
