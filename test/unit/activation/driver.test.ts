/**
 * The smeshing loop against a lying or unreachable PoET (issue #5 bad input): a real embedded PoET on a fake clock
 * behind a fetch that corrupts its proof answers (a forged leaf count, a member list without our challenge) or
 * fails outright. The loop says why in a warning, stores nothing (no PoET proof, no NIPoST, nothing signed), gives
 * up that epoch and builds a challenge for the next round.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { SmesherLoop } from '../../../core/activation/driver.js';
import { loadIdentities } from '../../../core/activation/identities.js';
import type { ActivationEvent } from '../../../core/activation/interface.js';
import { getChallenge, listRegistrations, listSignedAtxs } from '../../../core/activation/localStore.js';
import { LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { standalone } from '../../../core/params/presets.js';
import { PoetClient } from '../../../core/poet/client.js';
import { EmbeddedPoet } from '../../../core/poet/embedded.js';
import { roundEndMs, scheduleFromPreset } from '../../../core/poet/schedule.js';
import { LocalProver } from '../../../core/post/localProver.js';
import { genesisId, goldenAtxId } from '../../../core/types/genesis.js';
import { FakeClock } from '../../../core/util/clock.js';
import { createLogger } from '../../../core/util/logger.js';

const GENESIS = { genesisTimeMs: 1_800_000_000_000, extraData: 'standalone' };

type ProofBody = { proof: { members: string[]; leaves: string } };

interface BadPoet {
  readonly name: string;
  /** Stands between the loop and the real PoET: may throw (unreachable) or rewrite a proof answer (lying). */
  readonly fetch: (url: string, real: () => Promise<Response>) => Promise<Response>;
  readonly registered: boolean;
  readonly warnings: readonly string[];
}

function lying(edit: (b: ProofBody) => void): BadPoet['fetch'] {
  return async (url, real) => {
    const res = await real();
    if (!url.includes('/v1/proofs/') || res.status !== 200) return res;
    const body = (await res.json()) as ProofBody;
    edit(body);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

const LOST = ['PoET proof refused', 'no usable PoET proof; this epoch is lost'];
const BAD_POETS: readonly BadPoet[] = [
  { name: 'a forged leaf count', fetch: lying((b) => (b.proof.leaves = String(Number(b.proof.leaves) * 10))), registered: true, warnings: LOST },
  { name: 'a member list without our challenge', fetch: lying((b) => (b.proof.members = b.proof.members.map(() => Buffer.alloc(32, 7).toString('base64')))), registered: true, warnings: LOST },
  {
    name: 'an unreachable PoET',
    fetch: () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED')),
    registered: false,
    warnings: ['PoET registration failed', 'missed the PoET registration window; waiting for the next round'],
  },
];

describe('smeshing loop with a lying or unreachable PoET', () => {
  for (const bad of BAD_POETS) {
    it(`copes with ${bad.name}: stores nothing and tries the next round`, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'driver-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const clock = new FakeClock(GENESIS.genesisTimeMs - 2_000);
      const gid = genesisId(GENESIS);
      const schedule = scheduleFromPreset(standalone, GENESIS.genesisTimeMs);
      const poet = new EmbeddedPoet({ dataDir: join(dir, 'poet'), schedule, clock, genesisId: gid, port: 0 });
      await poet.start();
      t.after(() => poet.stop());
      const lines: string[] = [];
      const logger = createLogger({ sink: { write: (l) => lines.push(l) }, format: 'json', now: () => clock.now() });
      const badFetch: typeof fetch = (input, init) => {
        const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
        return bad.fetch(url, () => fetch(input, init));
      };
      const state = openDatabase(':memory:', STATE_SCHEMA);
      const local = openDatabase(':memory:', LOCAL_SCHEMA);
      t.after(() => {
        state.close();
        local.close();
      });
      const [identity] = loadIdentities({ keyDir: join(dir, 'keys'), postDir: join(dir, 'post'), units: [1], genesisId: gid });
      const prover = new LocalProver();
      const events: ActivationEvent[] = [];
      const published: Uint8Array[] = [];
      const loop = new SmesherLoop({
        identity: identity!,
        local,
        state,
        prover,
        poets: [{ id: 'embedded', client: new PoetClient({ url: poet.url, clock, fetch: badFetch, retries: 0 }) }],
        clock,
        preset: standalone,
        schedule,
        timing: { genesisTimeMs: GENESIS.genesisTimeMs, layerDurationMs: standalone.layerDurationMs, layersPerEpoch: standalone.layersPerEpoch },
        goldenAtxId: goldenAtxId(GENESIS),
        genesisId: gid,
        publisher: { publishAtx: (bytes) => Promise.resolve(void published.push(bytes)) },
        onEvent: (e) => events.push(e),
        logger,
        threads: 1,
      });
      const abort = new AbortController();
      const running = loop.run(abort.signal);
      t.after(async () => {
        abort.abort();
        await prover.cancel();
        await running;
        await prover.close();
      });
      let finished = false;
      poet.service.on('roundFinished', () => (finished = true));
      // Step the fake clock only while the loop waits on it, and not past round 0's end until its proof exists.
      const end0 = roundEndMs(schedule, 0);
      while (!(getChallenge(local, identity!.nodeId)?.publishEpoch === 2)) {
        while (loop.state !== 'sleeping' || (clock.now() >= end0 && !finished)) await delay(2);
        await delay(2);
        if (loop.state !== 'sleeping') continue;
        const next = clock.nextDeadline();
        assert.ok(next !== undefined && next < GENESIS.genesisTimeMs + 120_000, 'the loop should have moved on to round 1');
        await clock.advanceTo(next);
      }
      const count = (db: typeof state, table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      assert.equal(events.some((e) => e.event === 'poet_registered' && e.round === 0), bad.registered);
      assert.ok(!events.some((e) => e.event === 'poet_proof' || e.event === 'post_proof' || e.event === 'atx_published'));
      for (const warning of bad.warnings) assert.ok(lines.some((l) => l.includes(`"msg":"${warning}"`) && l.includes('"level":"warn"')), `warns: ${warning}`);
      assert.ok(listRegistrations(local, identity!.nodeId).every((r) => r.round === 1), 'no registration left for round 0');
      assert.equal(count(state, 'poet_proofs'), 0);
      assert.equal(count(state, 'atxs'), 0);
      assert.equal(count(local, 'niposts'), 0);
      assert.equal(listSignedAtxs(local, identity!.nodeId).length, 0);
      assert.equal(published.length, 0);
      assert.equal(getChallenge(local, identity!.nodeId)?.round, 1, 'a new challenge for the next round');
    });
  }
});
