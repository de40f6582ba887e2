-- This node's private activation state (spec spacemesh-node §2.2, §9). Every step of the NIPoST loop is written
-- here before it has effects outside, so a restart resumes at the right step and never signs twice.

-- PoST setup per identity: where its data lives, what was initialised, and the initial proof over the zero
-- challenge (SCALE PostV1), written once both are done.
CREATE TABLE post_setups (
  smesher_id       BLOB    PRIMARY KEY CHECK (length(smesher_id) = 32),
  post_dir         TEXT    NOT NULL,
  commitment_id    BLOB    NOT NULL CHECK (length(commitment_id) = 32),
  num_units        INTEGER NOT NULL,
  labels_per_unit  INTEGER NOT NULL,
  vrf_nonce        INTEGER NOT NULL,
  initial_post     BLOB    NOT NULL
) WITHOUT ROWID;

-- The challenge the identity is working on (one at a time; SCALE NIPostChallengeV1), its hash as registered at the
-- PoETs, and the PoET round it is for (publish epoch = round + 1).
CREATE TABLE nipost_challenges (
  smesher_id      BLOB    PRIMARY KEY CHECK (length(smesher_id) = 32),
  publish_epoch   INTEGER NOT NULL,
  round           INTEGER NOT NULL,
  challenge       BLOB    NOT NULL,
  challenge_hash  BLOB    NOT NULL CHECK (length(challenge_hash) = 32)
) WITHOUT ROWID;

-- One registration per PoET (its URL, or "embedded") for the current challenge, written once the PoET accepted it.
CREATE TABLE poet_registrations (
  smesher_id      BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  poet_id         TEXT    NOT NULL,
  challenge_hash  BLOB    NOT NULL CHECK (length(challenge_hash) = 32),
  round           INTEGER NOT NULL,
  round_end_ms    INTEGER NOT NULL,
  PRIMARY KEY (smesher_id, poet_id)
) WITHOUT ROWID;

-- The NIPoST for the current challenge: the best PoET proof's ref and leaf count with this challenge's membership
-- proof (SCALE MerkleProofV1), then the PoST over the ref (SCALE PostV1) once proven.
CREATE TABLE niposts (
  smesher_id      BLOB    PRIMARY KEY CHECK (length(smesher_id) = 32),
  publish_epoch   INTEGER NOT NULL,
  poet_ref        BLOB    NOT NULL CHECK (length(poet_ref) = 32),
  leaf_count      INTEGER NOT NULL,
  membership      BLOB    NOT NULL,
  post            BLOB
) WITHOUT ROWID;

-- Every ATX this node signed, written before it is published: the guard against signing two for one epoch.
CREATE TABLE signed_atxs (
  smesher_id     BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  publish_epoch  INTEGER NOT NULL,
  atx_id         BLOB    NOT NULL CHECK (length(atx_id) = 32),
  blob           BLOB    NOT NULL,
  published_ms   INTEGER,
  PRIMARY KEY (smesher_id, publish_epoch)
) WITHOUT ROWID;
