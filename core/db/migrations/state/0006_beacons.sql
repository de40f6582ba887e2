-- The beacon of each epoch (docs/protocol/beacon.md §6; go-spacemesh `sql/beacons`): computed by this node's beacon
-- protocol, adopted from reference ballots, or set as a bootstrap/fallback value. A restart reads it back instead of
-- going without a beacon for the epoch it is in.
CREATE TABLE beacons (
  epoch   INTEGER PRIMARY KEY,
  beacon  BLOB    NOT NULL CHECK (length(beacon) = 4),
  source  TEXT    NOT NULL CHECK (source IN ('protocol', 'ballots', 'fallback'))
) WITHOUT ROWID;
