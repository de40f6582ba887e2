-- Every beacon protocol message this node's identities signed (issue 17 item 2): written, durably, before it is sent,
-- keyed by the slot it was signed for (epoch, kind, round). A restart within the epoch re-sends the recorded bytes
-- instead of signing a second, different message for the slot. kind: 0 proposal, 1 first votes, 2 following votes,
-- 3 weak coin (round 0 for the first two). Rows of old epochs are pruned as the protocol moves on.
CREATE TABLE signed_beacon_messages (
  smesher_id  BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  epoch       INTEGER NOT NULL,
  kind        INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
  round       INTEGER NOT NULL,
  message     BLOB    NOT NULL,
  signed_ms   INTEGER NOT NULL,
  PRIMARY KEY (smesher_id, epoch, kind, round)
) WITHOUT ROWID;
