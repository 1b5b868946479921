/**
 * kalshi.apiKeys — /api_keys...
 *   list     -> GetApiKeys
 *   create   -> CreateApiKey   (you supply the public key)
 *   generate -> GenerateApiKey (Kalshi makes the key pair)
 *   delete   -> DeleteApiKey
 */
import type { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { APIResource } from '../core/resource.js';
import { path } from '../internal/path.js';
import type { RequestOptions } from '../internal/request.js';
import { requireOneOf, requireString } from '../internal/validate.js';
import type { BodyOf, QueryOf, ResponseOf } from './types.js';

const KEY_TYPES = ['rsa', 'ed25519'] as const;

export class ApiKeys extends APIResource {
  list(params?: QueryOf<'GetApiKeys'>, options?: RequestOptions): APIPromise<ResponseOf<'GetApiKeys'>> {
    return this.client.call('GetApiKeys', () => ({ query: params }), options);
  }

  /** Registers a key pair you made; `public_key` is its PEM. */
  create(params: BodyOf<'CreateApiKey'>, options?: RequestOptions): APIPromise<ResponseOf<'CreateApiKey'>> {
    return this.client.call(
      'CreateApiKey',
      () => {
        requireString(params?.name, 'name');
        requireString(params.public_key, 'public_key');
        // A private key pasted here would leave the machine: refuse it before anything is sent.
        if (params.public_key.includes('PRIVATE KEY')) {
          throw new ValidationError('public_key', 'is a private key; send only the public key (openssl pkey -in key.pem -pubout)');
        }
        return { body: params };
      },
      options,
    );
  }

  /**
   * Kalshi makes the key pair and returns the private key in this one response only: store it
   * before doing anything else. Not retried, since a repeat would mint a second key.
   */
  generate(params: BodyOf<'GenerateApiKey'>, options?: RequestOptions): APIPromise<ResponseOf<'GenerateApiKey'>> {
    return this.client.call(
      'GenerateApiKey',
      () => {
        requireString(params?.name, 'name');
        if (params.key_type !== undefined) requireOneOf(params.key_type, KEY_TYPES, 'key_type');
        return { body: params };
      },
      options,
    );
  }

  delete(apiKeyId: string, options?: RequestOptions): APIPromise<ResponseOf<'DeleteApiKey'>> {
    return this.client.call('DeleteApiKey', () => ({ path: path`/api_keys/${apiKeyId}` }), options);
  }
}
