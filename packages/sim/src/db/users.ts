import type { Database } from 'better-sqlite3';
import type { Tier } from '../tiers.js';

export interface UserRow {
  id: string;
  name: string;
  /** Whether the user is an FCM member (FCM-only endpoints check it). */
  fcm: boolean;
  tier: Tier;
  createdTs: number;
}

interface RawUser {
  id: string;
  name: string;
  fcm: number;
  tier: string;
  created_ts: number;
}

const fromRaw = (r: RawUser): UserRow => ({
  id: r.id,
  name: r.name,
  fcm: r.fcm === 1,
  tier: r.tier as Tier,
  createdTs: r.created_ts,
});

export function usersTable(db: Database) {
  const insert = db.prepare('INSERT INTO users (id, name, fcm, tier, created_ts) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare<[string], RawUser>('SELECT * FROM users WHERE id = ?');
  const all = db.prepare<[], RawUser>('SELECT * FROM users ORDER BY created_ts, id');
  const updateTier = db.prepare('UPDATE users SET tier = ? WHERE id = ?');

  return {
    insert(user: UserRow): void {
      insert.run(user.id, user.name, user.fcm ? 1 : 0, user.tier, user.createdTs);
    },
    get(id: string): UserRow | undefined {
      const row = byId.get(id);
      return row && fromRaw(row);
    },
    list(): UserRow[] {
      return all.all().map(fromRaw);
    },
    /** Returns false when there is no such user. */
    setTier(id: string, tier: Tier): boolean {
      return updateTier.run(tier, id).changes === 1;
    },
  };
}
export type UsersTable = ReturnType<typeof usersTable>;
