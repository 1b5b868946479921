import type { Migration } from '../migrations.js';

// Whether a tape entry was a negotiated block trade is a fact of the trade itself, so the public
// tape, its is_block_trade filter and the WebSocket trade channel all read it from one place.
export const blockTradesMigration: Migration = (db) => {
  db.exec(`
    ALTER TABLE trades ADD COLUMN block INTEGER NOT NULL DEFAULT 0;
    UPDATE trades SET block = 1 WHERE id IN (SELECT trade_id FROM comm_block_trades);
  `);
};
