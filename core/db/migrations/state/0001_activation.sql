-- Network state for activation (spec spacemesh-node §2, §9): ATXs with their derived fields, the raw signed
-- blobs, PoET proofs they reference, and identities proven malicious.

CREATE TABLE atxs (
  id                   BLOB    PRIMARY KEY CHECK (length(id) = 32),
  publish_epoch        INTEGER NOT NULL,
  smesher_id           BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  sequence             INTEGER NOT NULL,
  prev_id              BLOB    NOT NULL CHECK (length(prev_id) = 32),
  positioning_id       BLOB    NOT NULL CHECK (length(positioning_id) = 32),
  commitment_id        BLOB    NOT NULL CHECK (length(commitment_id) = 32),
  coinbase             BLOB    NOT NULL CHECK (length(coinbase) = 24),
  num_units            INTEGER NOT NULL,
  effective_num_units  INTEGER NOT NULL,
  base_tick_height     INTEGER NOT NULL,
  tick_count           INTEGER NOT NULL,
  weight               INTEGER NOT NULL,
  vrf_nonce            INTEGER NOT NULL,
  received_ms          INTEGER NOT NULL
) WITHOUT ROWID;
-- One ATX per identity per publish epoch; a second one is a malfeasance proof, not a row.
CREATE UNIQUE INDEX atxs_by_smesher_epoch ON atxs (smesher_id, publish_epoch);
CREATE INDEX atxs_by_epoch ON atxs (publish_epoch);

CREATE TABLE atx_blobs (
  id       BLOB    PRIMARY KEY REFERENCES atxs (id) ON DELETE CASCADE,
  version  INTEGER NOT NULL,
  blob     BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE poet_proofs (
  ref          BLOB    PRIMARY KEY CHECK (length(ref) = 32),
  service_id   BLOB    NOT NULL,
  round_id     TEXT    NOT NULL,
  statement    BLOB    NOT NULL CHECK (length(statement) = 32),
  leaf_count   INTEGER NOT NULL,
  proof        BLOB    NOT NULL
) WITHOUT ROWID;

CREATE TABLE malfeasance (
  smesher_id   BLOB    PRIMARY KEY CHECK (length(smesher_id) = 32),
  kind         INTEGER NOT NULL,
  proof        BLOB    NOT NULL,
  received_ms  INTEGER NOT NULL
) WITHOUT ROWID;
