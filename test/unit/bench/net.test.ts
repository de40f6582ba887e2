/**
 * `smesher bench net` with a tiny run: four hosts on 127.0.0.1, five messages; checks the shape of the JSON lines
 * (no timing expectations: the bench measures, it does not judge) and that the message is ATX-sized.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BENCHES } from '../../../core/bench/index.js';
import { atxSizedBlob, benchNet } from '../../../core/bench/net.js';
import { ActivationTxV1 } from '../../../core/activation/wire.js';
import { decode } from '../../../core/codec/index.js';

describe('bench net', () => {
  it('is a smesher bench name, so `bench all` runs it', () => {
    assert.equal(typeof BENCHES.net, 'function');
  });

  it('sends an encoded initial ATX v1 of mainnet parameters: 1.5 to 2 KiB', () => {
    const blob = atxSizedBlob();
    const atx = decode(ActivationTxV1, blob);
    assert.equal(atx.inner.nipost?.membership.nodes.length, 32);
    assert.ok(atx.inner.challenge.initialPost !== null);
    assert.ok(blob.length >= 1536 && blob.length <= 2048, `${blob.length} bytes`);
  });

  it('reports gossip p50 and p99 beside the round-trip baseline as bench JSON lines', async () => {
    const results = await benchNet({ messages: 5 });
    assert.deepEqual(
      results.map((r) => r.metric),
      ['gossip_4_nodes_p50_ms', 'gossip_4_nodes_p99_ms'],
    );
    for (const r of results) {
      const line = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(line).sort(), ['baseline', 'baseline_value', 'bench', 'metric', 'ratio', 'unit', 'value']);
      assert.equal(line.bench, 'net');
      assert.equal(line.unit, 'ms');
      assert.match(line.baseline as string, /round trip of \d+ bytes/);
      for (const key of ['value', 'baseline_value', 'ratio'] as const) {
        assert.ok(typeof line[key] === 'number' && Number.isFinite(line[key]) && line[key] > 0, `${key} ${String(line[key])}`);
      }
    }
  });
});
