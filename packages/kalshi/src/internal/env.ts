/** Environment variables where the runtime has them (Node, Bun, Deno with permission); none in browsers. */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
