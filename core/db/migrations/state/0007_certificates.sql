-- Block certificates (go-spacemesh `sql/certificates`; docs/protocol/blocks-and-rewards.md §3): per layer, the block
-- this node's hare output named (cert NULL until enough certify messages arrive) or a certificate from gossip or
-- sync (the SCALE `Certificate`). `valid` is 0 once a valid certificate of another block trumped it; two valid
-- certificates for one layer leave both valid and the layer to the tortoise.
CREATE TABLE certificates (
  layer     INTEGER NOT NULL,
  block_id  BLOB    NOT NULL CHECK (length(block_id) = 20),
  cert      BLOB,
  valid     INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
  PRIMARY KEY (layer, block_id)
) WITHOUT ROWID;
