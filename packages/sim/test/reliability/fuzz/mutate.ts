// Mutations of a plausible JSON value: one to three edits at random places, each a thing real
// clients get wrong (a wrong type, a missing or extra field, a float for a count) or a thing
// an attacker tries (prototype keys, huge arrays, deep nesting).
import type { Prng } from './prng.js';
import { badValueFor, randomJson } from './values.js';

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Every (container, key) pair in the value, so an edit can land at any depth. */
function slots(value: unknown, out: [Container, string | number][] = [], depth = 0): [Container, string | number][] {
  if (!isContainer(value) || depth > 8 || out.length > 2000) return out;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    out.push([value, key]);
    slots(item, out, depth + 1);
  }
  return out;
}

function edit(prng: Prng, root: unknown): unknown {
  const all = slots(root);
  if (all.length === 0 || prng.chance(0.05)) return randomJson(prng, 3);
  const [container, key] = prng.pick(all);
  const name = typeof key === 'string' ? key : '';
  // defineProperty, not `=`: assigning to a "__proto__" key would swap the prototype instead of
  // sending the key, and later edits would trip over an object with no toString.
  const define = (target: Container, k: string | number, v: unknown) =>
    Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
  const set = (v: unknown) => define(container, key, v);
  switch (prng.int(0, 9)) {
    case 0:
      if (Array.isArray(container)) container.splice(key as number, 1);
      else delete container[key as string];
      break;
    case 1:
      set(randomJson(prng, 2));
      break;
    case 2: {
      // Same value, other type: "5" -> 5, 5 -> "5", true -> "true".
      const v = (container as Record<string | number, unknown>)[key];
      set(typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : typeof v === 'string' ? [v] : JSON.stringify(v) ?? 'undefined');
      break;
    }
    case 3:
      if (!Array.isArray(container)) define(container, prng.pick(['unknown_field', '__proto__', 'constructor', 'ticker ', 'Price']), randomJson(prng, 1));
      else container.push(randomJson(prng, 1));
      break;
    case 4: {
      // A long array of one small value (never of a container: repeated edits would multiply it).
      const item = badValueFor(prng, name);
      set(Array.from({ length: prng.int(50, 500) }, () => (typeof item === 'object' ? null : item)));
      break;
    }
    case 5: {
      let nested: unknown = (container as Record<string | number, unknown>)[key];
      for (let i = prng.int(10, 200); i > 0; i--) nested = prng.chance(0.5) ? [nested] : { x: nested };
      set(nested);
      break;
    }
    default:
      set(badValueFor(prng, name));
  }
  return root;
}

/** A mutated copy of `value` (the original is left alone). */
export function mutate(prng: Prng, value: unknown): unknown {
  // A JSON round trip, not structuredClone: it keeps an own "__proto__" key as a plain key.
  let out = value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
  for (let i = prng.int(1, 3); i > 0; i--) out = edit(prng, out);
  return out;
}
