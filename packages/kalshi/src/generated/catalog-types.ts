// Shapes of the generated catalog. Hand-written: the generator fills these in, never edits them.

export type JsonSchema = { [keyword: string]: unknown };

export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly type: string;
  readonly format?: string;
  readonly items?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
}

export interface OperationSpec {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the API base (`/trade-api/v2`), with `{name}` placeholders. */
  readonly path: string;
  readonly tag: string;
  readonly params: readonly ParamSpec[];
  /** Component schema name of the JSON body, if any. */
  readonly requestBody: string | null;
  readonly requestBodyRequired: boolean;
  /** Component schema name of the success body, or null for an empty success (204 and some 200/201). */
  readonly response: string | null;
  readonly successStatus: number;
  /** Whether the operation needs a signed request. */
  readonly auth: boolean;
  readonly deprecated: boolean;
  /** Which rate-limit bucket Kalshi bills it to. */
  readonly bucket: 'read' | 'write';
  /** A non-default token cost stated by the spec; null means the default cost. */
  readonly cost: { readonly tokens: number; readonly perItem: boolean } | null;
}

export interface WsMessageSpec {
  readonly name: string;
  readonly type: string | null;
  readonly payload: string | null;
}

export interface WsChannelSpec {
  readonly channel: string;
  readonly messages: readonly WsMessageSpec[];
}
