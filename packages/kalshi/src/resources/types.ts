import type { components, operations } from '../generated/rest-types.js';

/** A component schema by name, e.g. `Schema<'Market'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Op = keyof operations;

/** Query parameters of an operation as the spec types them. */
export type QueryOf<Id extends Op> = operations[Id]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

/** JSON request body of an operation. */
export type BodyOf<Id extends Op> = operations[Id] extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : operations[Id] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

type SuccessOf<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : R extends { 204: infer S } ? S : never;

/** Parsed success body of an operation (`void` for empty responses). */
export type ResponseOf<Id extends Op> =
  SuccessOf<operations[Id]['responses']> extends { content: { 'application/json': infer B } } ? B : void;

/** Query params minus the cursor, which pagination manages. */
export type ListParams<Id extends Op> = Omit<QueryOf<Id>, 'cursor'> & { cursor?: string };
