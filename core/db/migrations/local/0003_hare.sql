-- Every hare message this node's identities signed (DESIGN.md reliability rules, issue 17 item 2): written, durably
-- (local.sql syncs FULL), before it is sent, keyed by the slot it was signed for. The hare signs for a slot only when
-- none is recorded; a restart within the layer re-sends the recorded bytes instead of signing a second, different
-- message (hare equivocation). Rows of old layers are pruned as the hare moves on.
CREATE TABLE signed_hare_messages (
  smesher_id  BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  layer       INTEGER NOT NULL,
  iteration   INTEGER NOT NULL,
  round       INTEGER NOT NULL,
  message     BLOB    NOT NULL,
  signed_ms   INTEGER NOT NULL,
  PRIMARY KEY (smesher_id, layer, iteration, round)
) WITHOUT ROWID;

CREATE INDEX signed_hare_messages_by_layer ON signed_hare_messages (layer);
