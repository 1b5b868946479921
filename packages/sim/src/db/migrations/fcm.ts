import type { Database } from 'better-sqlite3';

/*
 * API-key restrictions, API usage-level grants and the FCM role: subtraders (each one a user of
 * its own, so its orders, fills and positions live with everyone else's), their event-contract
 * daily caps (micro-dollars) and the event categories their FCM blocked for them.
 */
export function fcmMigration(db: Database): void {
  db.exec(`
    CREATE TABLE api_key_restrictions (
      key_id TEXT PRIMARY KEY REFERENCES api_keys(id),
      subaccount INTEGER CHECK (subaccount BETWEEN 0 AND 63)
    );

    CREATE TABLE api_usage_grants (
      user_id TEXT NOT NULL REFERENCES users(id),
      exchange_instance TEXT NOT NULL,
      level TEXT NOT NULL,
      source TEXT NOT NULL,
      granted_ts INTEGER NOT NULL,
      expires_ts INTEGER,
      PRIMARY KEY (user_id, exchange_instance, level)
    ) WITHOUT ROWID;

    CREATE TABLE fcm_subtraders (
      subtrader_id TEXT PRIMARY KEY REFERENCES users(id),
      fcm_user_id TEXT NOT NULL REFERENCES users(id),
      suffix TEXT NOT NULL,
      created_ts INTEGER NOT NULL,
      UNIQUE (fcm_user_id, suffix)
    );

    CREATE TABLE fcm_daily_caps (
      subtrader_id TEXT PRIMARY KEY REFERENCES fcm_subtraders(subtrader_id),
      limit_micros INTEGER NOT NULL CHECK (limit_micros >= 0),
      updated_ts INTEGER NOT NULL
    );

    CREATE TABLE fcm_blocked_categories (
      subtrader_id TEXT NOT NULL REFERENCES fcm_subtraders(subtrader_id),
      category TEXT NOT NULL,
      created_ts INTEGER NOT NULL,
      PRIMARY KEY (subtrader_id, category)
    ) WITHOUT ROWID;
  `);
}
