-- Consensus state (spec spacemesh-node §3, §4, §9): active sets, proposals (the ballot inside each), hare
-- outputs, blocks, and each layer's mesh decision with its opinion ("aggregated") hash.

-- An epoch's active set: the ATXs a reference ballot declares; id = blake3(concat(sorted ATX ids)).
CREATE TABLE activesets (
  id            BLOB    PRIMARY KEY CHECK (length(id) = 32),
  epoch         INTEGER NOT NULL,
  atx_ids       BLOB    NOT NULL CHECK (length(atx_ids) % 32 = 0),
  total_weight  INTEGER NOT NULL
) WITHOUT ROWID;

-- Every valid proposal received, with the fields the hare, the block builder and the tortoise read.
-- One per identity per layer: a second one is equivocation (malfeasance kind 2), never stored.
CREATE TABLE proposals (
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
) WITHOUT ROWID;
CREATE INDEX proposals_by_layer ON proposals (layer);
CREATE UNIQUE INDEX proposals_by_smesher_layer ON proposals (smesher_id, layer);

-- A layer's hare output: the agreed proposal ids (concatenated 20-byte ids, possibly none).
CREATE TABLE hare_outputs (
  layer      INTEGER PRIMARY KEY,
  proposals  BLOB    NOT NULL CHECK (length(proposals) % 20 = 0)
);

-- Blocks built from hare outputs (SCALE InnerBlock).
CREATE TABLE blocks (
  id     BLOB    PRIMARY KEY CHECK (length(id) = 20),
  layer  INTEGER NOT NULL,
  block  BLOB    NOT NULL
) WITHOUT ROWID;
CREATE INDEX blocks_by_layer ON blocks (layer);

-- The mesh's decision per layer: the block (NULL = empty layer), why, and the opinion hash up to this layer.
CREATE TABLE mesh_layers (
  layer         INTEGER PRIMARY KEY,
  block_id      BLOB    CHECK (block_id IS NULL OR length(block_id) = 20),
  decided_by    TEXT    NOT NULL CHECK (decided_by IN ('hare', 'empty')),
  opinion_hash  BLOB    NOT NULL CHECK (length(opinion_hash) = 32)
);
