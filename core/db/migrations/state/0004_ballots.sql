-- Ballots known without their proposal (docs/protocol/eligibility.md): a node that missed an identity's reference
-- ballot fetches it by id from a peer (hint ballotDB) to validate the identity's later ballots of the epoch, which
-- name it instead of repeating the epoch data. Validated as the ballot part of a proposal is; never a block input.
CREATE TABLE ballots (
  id                 BLOB    PRIMARY KEY CHECK (length(id) = 20),
  layer              INTEGER NOT NULL,
  smesher_id         BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  atx_id             BLOB    NOT NULL CHECK (length(atx_id) = 32),
  -- Its own id: only reference ballots are stored here.
  ref_ballot         BLOB    NOT NULL CHECK (length(ref_ballot) = 20),
  eligibility_count  INTEGER NOT NULL,
  received_ms        INTEGER NOT NULL,
  ballot             BLOB    NOT NULL
) WITHOUT ROWID;
