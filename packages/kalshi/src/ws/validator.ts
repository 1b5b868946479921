/**
 * Optional schema check of incoming frames against the spec's JSON Schemas. Off by default: it costs
 * CPU per frame and would turn a field Kalshi adds tomorrow into an error. `ajv` is loaded only when
 * asked for, so the SDK does not depend on it.
 */
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import { KalshiError } from '../core/errors.js';
import { wsChannels } from '../generated/catalog.js';
import { wsSchemas } from '../generated/schemas.js';

/** Returns why the frame is invalid, or undefined when it conforms. */
export type FrameValidator = (frame: { type?: unknown }) => string | undefined;

const REPLIES: Record<string, readonly string[]> = {
  subscribed: ['subscribedResponsePayload'],
  unsubscribed: ['unsubscribedResponsePayload'],
  error: ['errorResponsePayload'],
  ok: [
    'okResponsePayload',
    'listSubscriptionsResponsePayload',
    'subscribedIndicesResponsePayload',
    'subscribedUnderlyingsResponsePayload',
  ],
};

export async function loadValidator(): Promise<FrameValidator> {
  let Ajv: typeof AjvClass;
  try {
    ({ Ajv } = await import('ajv'));
  } catch {
    throw new KalshiError("validate: true needs the 'ajv' package (npm install ajv), or leave validate off.");
  }
  // Formats (uuid, date-time) are not checked: that needs ajv-formats, and shapes are what matter here.
  const ajv = new Ajv({ strict: false, validateFormats: false, logger: false });
  ajv.addSchema({ $id: 'ws', $defs: wsSchemas });

  const payloadsByType = new Map<string, Set<string>>(Object.entries(REPLIES).map(([t, names]) => [t, new Set(names)]));
  for (const spec of wsChannels) {
    for (const m of spec.messages) {
      if (!m.type || !m.payload) continue;
      const names = payloadsByType.get(m.type) ?? new Set<string>();
      names.add(m.payload);
      payloadsByType.set(m.type, names);
    }
  }
  const validators = new Map<string, ValidateFunction>();
  for (const [type, names] of payloadsByType) {
    validators.set(type, ajv.compile({ anyOf: [...names].map((name) => ({ $ref: `ws#/$defs/${name}` })) }));
  }

  return (frame) => {
    const type = typeof frame.type === 'string' ? frame.type : undefined;
    const validate = type === undefined ? undefined : validators.get(type);
    if (!validate) return `unknown message type ${JSON.stringify(frame.type)}`;
    if (validate(frame)) return undefined;
    return ajv.errorsText(validate.errors, { dataVar: 'frame' });
  };
}
