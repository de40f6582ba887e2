-- ATXs and their signed bytes as rowid tables (docs/performance.md §5), for the reason state/0008 gives for
-- proposals and blocks: under a random 32-byte id a WITHOUT ROWID table puts every insert on a random leaf, and an
-- ATX blob (about 0.8 KB, with its membership proof) splits leaves that then stay half empty. A rowid table appends
-- rows in insertion order and keeps the id in its own small index; storing an ATX (one transaction, both rows)
-- then dirties fewer pages. Every query reads the same columns by the same keys as before.
CREATE TABLE atxs_rowid (
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
);
INSERT INTO atxs_rowid SELECT id, publish_epoch, smesher_id, sequence, prev_id, positioning_id, commitment_id, coinbase,
  num_units, effective_num_units, base_tick_height, tick_count, weight, vrf_nonce, received_ms
  FROM atxs ORDER BY publish_epoch, received_ms;

CREATE TABLE atx_blobs_rowid (
  id       BLOB    PRIMARY KEY REFERENCES atxs_rowid (id) ON DELETE CASCADE,
  version  INTEGER NOT NULL,
  blob     BLOB    NOT NULL
);
INSERT INTO atx_blobs_rowid (id, version, blob)
  SELECT b.id, b.version, b.blob FROM atx_blobs b JOIN atxs_rowid a ON a.id = b.id ORDER BY a.rowid;

DROP TABLE atx_blobs;
DROP TABLE atxs;
ALTER TABLE atxs_rowid RENAME TO atxs;
ALTER TABLE atx_blobs_rowid RENAME TO atx_blobs;
-- One ATX per identity per publish epoch; a second one is a malfeasance proof, not a row.
CREATE UNIQUE INDEX atxs_by_smesher_epoch ON atxs (smesher_id, publish_epoch);
-- With the id in the index, an epoch's ATXs come out in id order without a sort (the old key held it implicitly).
CREATE INDEX atxs_by_epoch ON atxs (publish_epoch, id);
