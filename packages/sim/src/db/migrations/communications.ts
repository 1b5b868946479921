import type { Migration } from '../migrations.js';

/**
 * RFQs, their quotes and block trade proposals (src/communications/). Rows keep the record's own
 * JSON in `data`; the columns serve the list filters and the visibility rules (who created what).
 * `comm_block_trades` marks the tape's trades that came from an executed block trade proposal.
 */
export const communicationsMigration: Migration = (db) => {
  db.exec(`
    CREATE TABLE comm_rfqs (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      sub INTEGER NOT NULL,
      ticker TEXT NOT NULL,
      event_ticker TEXT NOT NULL,
      status TEXT NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX comm_rfqs_user ON comm_rfqs(user_id, status);

    CREATE TABLE comm_quotes (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      rfq_id TEXT NOT NULL REFERENCES comm_rfqs(id),
      user_id TEXT NOT NULL,
      rfq_user_id TEXT NOT NULL,
      status TEXT NOT NULL,
      updated_ts INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX comm_quotes_rfq ON comm_quotes(rfq_id);
    CREATE INDEX comm_quotes_user ON comm_quotes(user_id, seq);
    CREATE INDEX comm_quotes_rfq_user ON comm_quotes(rfq_user_id, seq);

    CREATE TABLE comm_block_proposals (
      id TEXT PRIMARY KEY,
      seq INTEGER NOT NULL UNIQUE,
      proposer_id TEXT NOT NULL,
      buyer_id TEXT NOT NULL,
      seller_id TEXT NOT NULL,
      ticker TEXT NOT NULL,
      status TEXT NOT NULL,
      expiration_ts INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX comm_block_proposals_open ON comm_block_proposals(status, expiration_ts);
    CREATE INDEX comm_block_proposals_buyer ON comm_block_proposals(buyer_id);
    CREATE INDEX comm_block_proposals_seller ON comm_block_proposals(seller_id);
    CREATE INDEX comm_block_proposals_proposer ON comm_block_proposals(proposer_id);

    CREATE TABLE comm_block_trades (
      trade_id TEXT PRIMARY KEY,
      proposal_id TEXT NOT NULL REFERENCES comm_block_proposals(id)
    );
  `);
};
