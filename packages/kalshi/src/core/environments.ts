/** Kalshi's recommended hosts (NOTES.md §1). */
export const ENVIRONMENTS = {
  production: {
    rest: 'https://external-api.kalshi.com/trade-api/v2',
    ws: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
  },
  demo: {
    rest: 'https://external-api.demo.kalshi.co/trade-api/v2',
    ws: 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2',
  },
} as const;

export type Environment = keyof typeof ENVIRONMENTS;

export function isEnvironment(value: string): value is Environment {
  return Object.hasOwn(ENVIRONMENTS, value);
}
