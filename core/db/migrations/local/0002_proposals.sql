-- What this node's identities signed for consensus (DESIGN.md reliability rules): a proposal is written here,
-- durably (local.sql syncs FULL), before it is published, so a restart republishes the same bytes instead of
-- signing a second ballot for the layer (self-equivocation).
CREATE TABLE signed_proposals (
  smesher_id   BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  layer        INTEGER NOT NULL,
  proposal_id  BLOB    NOT NULL CHECK (length(proposal_id) = 20),
  proposal     BLOB    NOT NULL,
  signed_ms    INTEGER NOT NULL,
  PRIMARY KEY (smesher_id, layer)
) WITHOUT ROWID;

-- Each identity's eligibilities per epoch as computed at the epoch start (the forecast and the reward account read
-- them; layers = JSON [{layer, count}]).
CREATE TABLE eligibilities (
  smesher_id       BLOB    NOT NULL CHECK (length(smesher_id) = 32),
  epoch            INTEGER NOT NULL,
  atx_id           BLOB    NOT NULL CHECK (length(atx_id) = 32),
  weight           INTEGER NOT NULL,
  total_weight     INTEGER NOT NULL,
  slots            INTEGER NOT NULL,
  layers           TEXT    NOT NULL,
  PRIMARY KEY (smesher_id, epoch)
) WITHOUT ROWID;
