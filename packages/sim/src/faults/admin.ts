// Admin routes of REST fault injection, under /_sim/http/faults.
import { badRequest } from '../server/errors.js';
import type { AdminContext, AdminHandler } from '../admin/router.js';
import { FAULT_STATUSES, httpFaultsOf, type HttpFaultSpec } from './store.js';

export const httpFaultSchema = {
  type: 'object',
  required: ['kind'],
  properties: {
    kind: { enum: ['status', 'slow', 'drop'] },
    status: { enum: [...FAULT_STATUSES] },
    count: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    ms: { type: 'integer', minimum: 0, maximum: 60_000 },
    when: { enum: ['before', 'after'] },
    operation: { type: 'string', minLength: 1 },
    method: { enum: ['GET', 'POST', 'PUT', 'DELETE'] },
    path: { type: 'string', pattern: '^/' },
    user_id: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
};

type Body = Omit<HttpFaultSpec, 'count' | 'when'> & { count?: number; when?: HttpFaultSpec['when'] };

/** Queues a fault; it hits the next `count` matching REST requests (default 1, before the handler). */
export const addHttpFault: AdminHandler = ({ exchange, body }: AdminContext<Body>) => {
  // Each kind needs its own field, and only that one: a silently ignored field hides a test's mistake.
  if (body.kind === 'status' && body.status === undefined) throw badRequest('status: required when kind is "status"', '', 'invalid_parameters');
  if (body.kind !== 'status' && body.status !== undefined) throw badRequest(`status: only for kind "status", not "${body.kind}"`, '', 'invalid_parameters');
  if (body.kind === 'slow' && body.ms === undefined) throw badRequest('ms: required when kind is "slow"', '', 'invalid_parameters');
  if (body.kind !== 'slow' && body.ms !== undefined) throw badRequest(`ms: only for kind "slow", not "${body.kind}"`, '', 'invalid_parameters');
  const fault = httpFaultsOf(exchange).add({ ...body, count: body.count ?? 1, when: body.when ?? 'before' });
  return { status: 201, body: { fault } };
};

export const listHttpFaults: AdminHandler = ({ exchange }) => {
  const faults = httpFaultsOf(exchange);
  return { body: { faults: faults.list(), injected: { ...faults.injected } } };
};

export const clearHttpFaults: AdminHandler = ({ exchange }) => ({ body: { cleared: httpFaultsOf(exchange).clear() } });
