// The Node platform: the only place the SDK core reaches the two Node adapters. A browser, Deno or
// Bun build swaps this module for one that returns a fetch transport and a WebCrypto signer.
export { createNodeSigner as createSigner, readPrivateKeyFile } from '../internal/node/crypto-signer.js';
export { undiciTransport as defaultTransport } from '../internal/node/undici-transport.js';
