import type { Kalshi } from '../client.js';

/** Base of the thin per-area classes: they only map arguments onto `client.call` / `client.paginate`. */
export abstract class APIResource {
  protected readonly client: Kalshi;

  constructor(client: Kalshi) {
    this.client = client;
  }
}
