-- Malfeasance proofs are kept in go-spacemesh's v1 wire format (core/malfeasance/wire.ts: MalfeasanceProof{Layer,
-- Proof{Type, Data}}), the bytes served for the fetch hint `malfeasance` and gossiped on `mp1`. Rows written before
-- held this node's own structs (both full messages), which no peer can decode: they are dropped. The columns stay:
-- smesher_id, kind (go's proof type, 1-5), proof (the encoded MalfeasanceProof), received_ms.
DELETE FROM malfeasance;
