import { fcmStore, type SubtraderRow } from '../../fcm/index.js';
import type { AuthInfo } from '../../server/auth.js';
import { forbidden, invalidParameters, notFound } from '../../server/errors.js';
import type { ExchangeState } from '../../server/state.js';

/**
 * Who may call an FCM endpoint: an FCM member (`users.fcm`), or, where the spec allows it, a key
 * bound to one subtrader (every key a subtrader holds is bound to it), which then only ever sees
 * that subtrader.
 */
export interface FcmCaller {
  fcm: string;
  /** Set when the caller is a subtrader-bound key. */
  bound?: string;
}

export function fcmCaller(exchange: ExchangeState, auth: AuthInfo | null, opts: { allowBound?: boolean } = {}): FcmCaller {
  if (!auth) throw new Error('FCM handler reached without authentication');
  if (exchange.db.users.get(auth.userId)?.fcm) return { fcm: auth.userId };
  const sub = fcmStore(exchange.db).subtrader(auth.userId);
  if (sub && opts.allowBound) return { fcm: sub.fcmUserId, bound: sub.subtraderId };
  throw forbidden(
    'fcm_access_required',
    sub ? 'API keys bound to an FCM subtrader cannot call this endpoint' : 'this endpoint requires an FCM member API key',
    'FCM membership is set on the user (admin: POST /_sim/users with {"fcm": true}).',
  );
}

/** One of the caller's subtraders; another FCM's subtrader is as unknown as a missing one. */
export function ownSubtrader(exchange: ExchangeState, caller: FcmCaller, id: string, field = 'subtrader_id'): SubtraderRow {
  const row = fcmStore(exchange.db).subtrader(id);
  if (!row || row.fcmUserId !== caller.fcm) throw notFound(`${field}: no subtrader ${id} under this FCM`, 'List them with GET /fcm/subtraders.', 'subtrader_not_found');
  return row;
}

/**
 * The subtrader a request is about: a bound key defaults to its own and may name no other; an
 * FCM member names one of its own (or, where `required` is false, none).
 */
export function targetSubtrader(exchange: ExchangeState, caller: FcmCaller, given: string | undefined, required: boolean): string | undefined {
  const named = given === '' ? undefined : given;
  if (caller.bound !== undefined) {
    if (named !== undefined && named !== caller.bound) {
      throw forbidden('subtrader_mismatch', `subtrader_id: this API key is bound to subtrader ${caller.bound}, not ${named}`);
    }
    return caller.bound;
  }
  if (named === undefined) {
    if (required) throw invalidParameters('subtrader_id: required for FCM member keys');
    return undefined;
  }
  return ownSubtrader(exchange, caller, named).subtraderId;
}
