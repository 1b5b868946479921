import type { Database } from 'better-sqlite3';

export type KeyType = 'rsa' | 'ed25519';

export interface ApiKeyRow {
  id: string;
  userId: string;
  publicKeyPem: string;
  keyType: KeyType;
  /** Kalshi scope names, e.g. ['read', 'write']. */
  scopes: string[];
  name: string;
  createdTs: number;
  deleted: boolean;
}

interface RawKey {
  id: string;
  user_id: string;
  public_key_pem: string;
  key_type: string;
  scopes: string;
  name: string;
  created_ts: number;
  deleted: number;
}

const fromRaw = (r: RawKey): ApiKeyRow => ({
  id: r.id,
  userId: r.user_id,
  publicKeyPem: r.public_key_pem,
  keyType: r.key_type as KeyType,
  scopes: JSON.parse(r.scopes) as string[],
  name: r.name,
  createdTs: r.created_ts,
  deleted: r.deleted === 1,
});

export function apiKeysTable(db: Database) {
  const insert = db.prepare(
    `INSERT INTO api_keys (id, user_id, public_key_pem, key_type, scopes, name, created_ts, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const byId = db.prepare<[string], RawKey>('SELECT * FROM api_keys WHERE id = ?');
  const byUser = db.prepare<[string], RawKey>(
    'SELECT * FROM api_keys WHERE user_id = ? AND deleted = 0 ORDER BY created_ts, id',
  );
  const markDeleted = db.prepare('UPDATE api_keys SET deleted = 1 WHERE id = ? AND deleted = 0');

  return {
    insert(key: Omit<ApiKeyRow, 'deleted'>): void {
      insert.run(key.id, key.userId, key.publicKeyPem, key.keyType, JSON.stringify(key.scopes), key.name, key.createdTs);
    },
    /** Includes deleted keys; callers decide what a deleted key means. */
    get(id: string): ApiKeyRow | undefined {
      const row = byId.get(id);
      return row && fromRaw(row);
    },
    listByUser(userId: string): ApiKeyRow[] {
      return byUser.all(userId).map(fromRaw);
    },
    /** Returns false when the key does not exist or was already deleted. */
    delete(id: string): boolean {
      return markDeleted.run(id).changes === 1;
    },
  };
}
export type ApiKeysTable = ReturnType<typeof apiKeysTable>;
