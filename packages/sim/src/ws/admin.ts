// Fault injection for the socket, under /_sim/ws: every body names its target connection (an id
// from GET /_sim/ws/connections, or "all", optionally narrowed to one user_id).
import type { AdminContext, AdminHandler } from '../admin/router.js';
import { conflict, notFound } from '../server/errors.js';
import type { ConnectionSelector, WsHub } from './hub.js';
import { CHANNELS, type Channel } from './protocol.js';
import type { Fault, Subscription } from './subscription.js';

const selector = {
  connection: { oneOf: [{ type: 'integer', minimum: 1 }, { const: 'all' }] },
  user_id: { type: 'string' },
};
const body = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: ['connection', ...required],
  properties: { ...selector, ...properties },
  additionalProperties: false,
});

export const dropSchema = body([], { code: { type: 'integer', minimum: 1000, maximum: 4999 } });
export const faultSchema = body(['fault'], {
  fault: { enum: ['skip_seq', 'repeat_seq', 'malformed'] },
  sid: { type: 'integer', minimum: 1 },
  channel: { enum: [...CHANNELS] },
});
export const delaySchema = body(['ms'], { ms: { type: 'integer', minimum: 0, maximum: 600_000 } });
export const heartbeatSchema = body(['enabled'], { enabled: { type: 'boolean' } });

function hubOf(ctx: AdminContext<unknown>): WsHub {
  if (!ctx.exchange.ws) throw conflict('the WebSocket endpoint is not running', '', 'ws_not_running');
  return ctx.exchange.ws;
}

function targets(hub: WsHub, body: ConnectionSelector) {
  const found = hub.select(body);
  if (found.length === 0 && body.connection !== 'all') throw notFound(`no WebSocket connection ${body.connection}`);
  return found;
}

export const listConnections: AdminHandler = (ctx) => ({
  body: { connections: [...hubOf(ctx).connections.values()].map((c) => c.describe()) },
});

/** Without `code` the socket is cut (no close frame), as a network failure would; with it, closed cleanly. */
export const dropConnections: AdminHandler = (ctx: AdminContext<ConnectionSelector & { code?: number }>) => {
  const dropped = targets(hubOf(ctx), ctx.body).map((c) => {
    if (ctx.body.code === undefined) c.socket.terminate();
    else c.socket.close(ctx.body.code, 'closed by the simulator');
    return c.id;
  });
  return { body: { dropped } };
};

/**
 * The fault hits the next frame of each matching subscription (by sid and/or channel; seq faults
 * only touch numbered channels). A malformed frame with no subscription named is sent at once.
 */
export const injectFault: AdminHandler = (ctx: AdminContext<ConnectionSelector & { fault: Fault; sid?: number; channel?: Channel }>) => {
  const { fault, sid, channel } = ctx.body;
  const applied: { connection: number; sid: number }[] = [];
  let garbage = 0;
  for (const conn of targets(hubOf(ctx), ctx.body)) {
    if (fault === 'malformed' && sid === undefined && channel === undefined) {
      conn.sendGarbage();
      garbage++;
      continue;
    }
    const matches = (s: Subscription) =>
      (sid === undefined || s.sid === sid) && (channel === undefined || s.channel === channel) && (fault === 'malformed' || s.sequenced);
    for (const sub of conn.subscriptions.values()) {
      if (!matches(sub)) continue;
      sub.fault = fault;
      applied.push({ connection: conn.id, sid: sub.sid });
    }
  }
  return { body: { applied, garbage_frames: garbage } };
};

/** Holds every later frame back by `ms` (0 ends the delay; frames already held keep their time). */
export const delayFrames: AdminHandler = (ctx: AdminContext<ConnectionSelector & { ms: number }>) => {
  const conns = targets(hubOf(ctx), ctx.body);
  for (const c of conns) c.delayMs = ctx.body.ms;
  return { body: { connections: conns.map((c) => c.id), delay_ms: ctx.body.ms } };
};

/** `enabled: false` stops the heartbeat pings to the connection and the pongs to its pings. */
export const setHeartbeat: AdminHandler = (ctx: AdminContext<ConnectionSelector & { enabled: boolean }>) => {
  const conns = targets(hubOf(ctx), ctx.body);
  for (const c of conns) c.heartbeat = ctx.body.enabled;
  return { body: { connections: conns.map((c) => c.id), heartbeat: ctx.body.enabled } };
};
