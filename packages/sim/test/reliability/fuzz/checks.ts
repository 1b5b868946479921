// What every answer to a fuzzed request or frame must look like, and the tallies the suite
// prints. A refusal is Kalshi-shaped: REST errors are the spec's ErrorResponse with a code and a
// message a person can act on; socket errors are the spec's error frame with a listed code.
import { Ajv } from 'ajv';
import { restSchemas, wsSchemas } from 'kalshi-ts/generated';

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'rest', $defs: restSchemas });
ajv.addSchema({ $id: 'ws', $defs: wsSchemas });

/** The spec's ErrorResponse, with every field present and the code and message not empty. */
export const isKalshiError = ajv.compile({
  allOf: [
    { $ref: 'rest#/$defs/ErrorResponse' },
    {
      type: 'object',
      required: ['code', 'message', 'details'],
      additionalProperties: false,
      properties: { code: { type: 'string', minLength: 1 }, message: { type: 'string', minLength: 1 }, details: { type: 'string' } },
    },
  ],
});

/** The spec's error frame (`msg.code` is one of the listed codes), with a message. */
export const isKalshiErrorFrame = ajv.compile({
  allOf: [{ $ref: 'ws#/$defs/errorResponsePayload' }, { properties: { msg: { properties: { msg: { type: 'string', minLength: 1 } } } } }],
});

/** Kalshi's documented 429 body (not an ErrorResponse). */
const RATE_LIMITED = '{"error":"too many requests"}';

export const describeSchemaErrors = (validate: { errors?: unknown }) => JSON.stringify(validate.errors ?? []).slice(0, 400);

/** Why an answer to a fuzzed request is wrong, or undefined when it is fine. */
export function problemWith(method: string, status: number, text: string): string | undefined {
  if (status >= 500) return `server error ${status}`;
  if (status < 200 || (status >= 300 && status < 400)) return `unexpected status ${status}`;
  if (status < 400 || method === 'HEAD') return undefined;
  if (status === 429) return text === RATE_LIMITED ? undefined : `429 body is not Kalshi's: ${text.slice(0, 200)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${status} body is not JSON: ${JSON.stringify(text.slice(0, 200))}`;
  }
  return isKalshiError(body) ? undefined : `${status} body is not an ErrorResponse (${describeSchemaErrors(isKalshiError)}): ${text.slice(0, 200)}`;
}

/** Counts by key, printed as a plain object. */
export class Tally {
  readonly counts: Record<string, number> = {};
  add(key: string | number, n = 1): void {
    this.counts[key] = (this.counts[key] ?? 0) + n;
  }
  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }
}
