import { deref, refName, type Json, type JsonObject } from './load.js';

export interface WsMessageSpec {
  name: string;
  /** Value of the frame's `type` field. */
  type: string | null;
  payload: string | null;
}

export interface WsChannelSpec {
  channel: string;
  messages: WsMessageSpec[];
}

const NOT_DATA_CHANNELS = new Set(['root', 'control_frames']);

function messageOf(doc: JsonObject, name: string, raw: Json): WsMessageSpec {
  const message = deref(doc, raw) as JsonObject;
  const payloadRef = (message.payload as JsonObject | undefined)?.$ref;
  const payload = typeof payloadRef === 'string' ? refName(payloadRef) : null;
  let type: string | null = null;
  if (payload) {
    const schema = deref(doc, message.payload as Json) as JsonObject;
    const typeSchema = (schema.properties as JsonObject | undefined)?.type as JsonObject | undefined;
    if (typeof typeSchema?.const === 'string') type = typeSchema.const;
  }
  return { name, type, payload };
}

/** The data channels and the frames each one delivers, from the AsyncAPI document. */
export function buildWsChannels(doc: JsonObject): WsChannelSpec[] {
  return Object.entries(doc.channels as JsonObject)
    .filter(([name]) => !NOT_DATA_CHANNELS.has(name))
    .map(([name, raw]) => {
      const channel = raw as JsonObject;
      const messages = Object.entries((channel.messages ?? {}) as JsonObject).map(([m, ref]) => messageOf(doc, m, ref));
      return { channel: String(channel.address ?? name), messages };
    });
}

/** Error code numbers with their short names (labels only; the longer explanations are not kept). */
export function buildWsErrorCodes(doc: JsonObject): Array<{ code: number; name: string }> {
  const table = doc['x-error-codes'] as JsonObject | undefined;
  return ((table?.codes ?? []) as JsonObject[]).map((entry) => ({ code: Number(entry.code), name: String(entry.name) }));
}
