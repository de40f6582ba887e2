-- Proposals and blocks as rowid tables (docs/performance.md §4). Both carry hundreds of bytes to kilobytes per row
-- (a proposal: its eligibility proofs; a block: a reward per proposer) under a random 20-byte id. As WITHOUT ROWID
-- tables the rows live in the id's b-tree, so every insert lands on a random leaf and splits leave pages half empty:
-- with ten identities 55 % of the proposals table's pages were unused space, with a hundred 57 % of the blocks'.
-- A rowid table appends rows in insertion order (full pages) and keeps the id in its own small index; every query
-- reads the same columns by the same keys as before.
CREATE TABLE proposals_rowid (
  id                 BLOB    PRIMARY KEY CHECK (length(id) = 20),
  ballot_id          BLOB    NOT NULL UNIQUE CHECK (length(ballot_id) = 20),
  layer              INTEGER NOT NULL,
  smesher_id         BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  atx_id             BLOB    NOT NULL CHECK (length(atx_id) = 32),
  -- The identity's reference ballot in the epoch (its own id when this ballot carries EpochData).
  ref_ballot         BLOB    NOT NULL CHECK (length(ref_ballot) = 20),
  eligibility_count  INTEGER NOT NULL,
  proofs             INTEGER NOT NULL,
  opinion_hash       BLOB    NOT NULL CHECK (length(opinion_hash) = 32),
  received_ms        INTEGER NOT NULL,
  proposal           BLOB    NOT NULL
);
INSERT INTO proposals_rowid (id, ballot_id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, proofs, opinion_hash, received_ms, proposal)
  SELECT id, ballot_id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, proofs, opinion_hash, received_ms, proposal
  FROM proposals ORDER BY layer;
DROP TABLE proposals;
ALTER TABLE proposals_rowid RENAME TO proposals;
CREATE INDEX proposals_by_layer ON proposals (layer);
CREATE UNIQUE INDEX proposals_by_smesher_layer ON proposals (smesher_id, layer);

CREATE TABLE blocks_rowid (
  id     BLOB    PRIMARY KEY CHECK (length(id) = 20),
  layer  INTEGER NOT NULL,
  block  BLOB    NOT NULL
);
INSERT INTO blocks_rowid (id, layer, block) SELECT id, layer, block FROM blocks ORDER BY layer;
DROP TABLE blocks;
ALTER TABLE blocks_rowid RENAME TO blocks;
CREATE INDEX blocks_by_layer ON blocks (layer);
