/**
 * `smesher bench scale`'s ATX epoch with a tiny run: 40 real initial ATXs of the devnet preset through the node's
 * handler. Checks the shape of the JSON lines and what must hold whatever the machine (no timing expectations: the
 * bench measures, it does not judge): every ATX was stored, the parts of the cost are positive, the ceiling is a
 * ratio, and the whole handler costs more than the checks measured alone.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BENCHES, LONG_BENCHES } from '../../../core/bench/index.js';
import { benchScale } from '../../../core/bench/scale.js';

describe('bench scale', () => {
  it('is a smesher bench name, and scale-full runs by name only', () => {
    assert.equal(typeof BENCHES.scale, 'function');
    assert.equal(typeof LONG_BENCHES['scale-full'], 'function');
    assert.ok(!('scale-full' in BENCHES));
  });

  it('reports the rate, the cost breakdown with its ceiling, RSS and flatness as bench JSON lines', async () => {
    const results = await benchScale(40, 'devnet');
    const byMetric = new Map(results.map((r) => [r.metric, r]));
    assert.deepEqual(
      [...byMetric.keys()],
      [
        'atx_validate_store_per_cpu_s',
        'atx_handler_us',
        'atx_vrf_nonce_check_us',
        'atx_signature_check_us',
        'atx_ratio_ceiling',
        'atx_validate_peak_rss_mb',
        'atx_cost_last_tenth_ms',
      ],
    );
    for (const r of results) {
      assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(r)) as object).sort(), ['baseline', 'baseline_value', 'bench', 'metric', 'ratio', 'unit', 'value']);
      assert.equal(r.bench, 'scale');
      assert.ok(Number.isFinite(r.value) && r.value > 0, `${r.metric} ${r.value}`);
    }
    const ceiling = byMetric.get('atx_ratio_ceiling')!.value;
    assert.ok(ceiling > 0 && ceiling < 1, `ceiling ${ceiling}`);
    const handler = byMetric.get('atx_handler_us')!.value;
    const parts = ['atx_vrf_nonce_check_us', 'atx_signature_check_us'].reduce((sum, m) => sum + byMetric.get(m)!.value, 0);
    assert.ok(handler > parts, `handler ${handler} µs, its VRF and signature checks alone ${parts} µs`);
  });
});
