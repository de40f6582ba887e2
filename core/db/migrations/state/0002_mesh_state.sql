-- Mesh state written when a layer is applied (spec spacemesh-node §5, §6, §9): versioned accounts, the per-layer
-- state hash, transactions with their results, and rewards.
--
-- u64 amounts and nonces are stored as INTEGER holding the same 64 bits as a signed int64 (as go-spacemesh binds
-- them with BindInt64); core/vm/store.ts converts in both directions.

-- One row per account per layer in which it changed; the latest row is the account. Reverting to layer L deletes
-- every row with layer_updated > L, which brings back the versions that were current at L.
CREATE TABLE accounts (
  address        BLOB    NOT NULL CHECK (length(address) = 24),
  layer_updated  INTEGER NOT NULL,
  balance        INTEGER NOT NULL,
  next_nonce     INTEGER NOT NULL,
  template       BLOB    CHECK (template IS NULL OR length(template) = 24),
  state          BLOB,
  PRIMARY KEY (address, layer_updated DESC)
) WITHOUT ROWID;
CREATE INDEX accounts_by_layer ON accounts (layer_updated);

-- One row per applied layer, empty layers included (applied_block NULL). state_hash = blake3 of the SCALE
-- encodings of the accounts the layer changed, in first-change order.
CREATE TABLE layers (
  id             INTEGER PRIMARY KEY,
  applied_block  BLOB    CHECK (applied_block IS NULL OR length(applied_block) = 20),
  state_hash     BLOB    NOT NULL CHECK (length(state_hash) = 32),
  subsidy        INTEGER NOT NULL,
  fees           INTEGER NOT NULL,
  burnt          INTEGER NOT NULL
);

-- Every transaction this node accepted into its mempool or saw in an applied block; id = blake3(raw).
CREATE TABLE transactions (
  id           BLOB    PRIMARY KEY CHECK (length(id) = 32),
  raw          BLOB    NOT NULL,
  principal    BLOB    NOT NULL CHECK (length(principal) = 24),
  nonce        INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX transactions_by_principal ON transactions (principal, nonce);

-- The addresses a transaction involves (principal, spend destination), for account history.
CREATE TABLE transaction_addresses (
  address  BLOB NOT NULL CHECK (length(address) = 24),
  id       BLOB NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
  PRIMARY KEY (address, id)
) WITHOUT ROWID;

-- The outcome of an executed transaction (status 0 success, 1 failure: a failed one still paid its fee).
-- Ineffective transactions have no row: they changed nothing and may still execute in a later layer.
CREATE TABLE transaction_results (
  id        BLOB    PRIMARY KEY REFERENCES transactions (id) ON DELETE CASCADE,
  layer     INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  status    INTEGER NOT NULL CHECK (status IN (0, 1)),
  message   TEXT    NOT NULL,
  gas       INTEGER NOT NULL,
  fee       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX transaction_results_by_layer ON transaction_results (layer, position);

-- One reward per identity per layer, credited to its ATX's coinbase.
CREATE TABLE rewards (
  smesher_id    BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  layer         INTEGER NOT NULL,
  coinbase      BLOB    NOT NULL CHECK (length(coinbase) = 24),
  total_reward  INTEGER NOT NULL,
  layer_reward  INTEGER NOT NULL,
  PRIMARY KEY (smesher_id, layer)
) WITHOUT ROWID;
CREATE INDEX rewards_by_coinbase ON rewards (coinbase, layer);
CREATE INDEX rewards_by_layer ON rewards (layer);
