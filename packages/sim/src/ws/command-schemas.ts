// Commands are checked against the spec's own command schemas (`wsSchemas`), after the checks
// that have dedicated error codes (params, channels, sids, action, ...) have run.
import { Ajv, type ValidateFunction } from 'ajv';
import { wsSchemas } from 'kalshi-ts/generated';

export type CommandSchema =
  | 'subscribeCommandPayload'
  | 'unsubscribeCommandPayload'
  | 'updateSubscriptionCommandPayload'
  | 'cfbenchmarksUpdateSubscriptionCommandPayload'
  | 'pythUpdateSubscriptionCommandPayload'
  | 'listSubscriptionsCommandPayload';

let compiled: { ajv: Ajv; validators: Map<CommandSchema, ValidateFunction> } | undefined;

function load() {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  // The spec's ticker pattern leaves out '.', yet its own examples (FED-23DEC-T3.00) and many real
  // tickers carry one; refusing them would refuse real markets, so the dot is allowed here.
  const defs = { ...wsSchemas, marketTicker: { ...wsSchemas.marketTicker, pattern: '^[A-Z0-9.-]+$' } };
  ajv.addSchema({ $id: 'ws', $defs: defs });
  compiled = { ajv, validators: new Map() };
  return compiled;
}

/** Why the command does not match the schema, or undefined when it does. */
export function schemaProblem(schema: CommandSchema, command: unknown): string | undefined {
  const { ajv, validators } = load();
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile({ $ref: `ws#/$defs/${schema}` });
    validators.set(schema, validate);
  }
  if (validate(command)) return undefined;
  return ajv.errorsText(validate.errors, { dataVar: 'command' });
}
