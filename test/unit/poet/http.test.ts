/**
 * The REST service: every kind of bad input gets its status and a JSON `{code, message}` and changes nothing; a
 * good round is served as a proof the client checks end to end.
 * @module
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { PoetClient } from '../../../core/poet/client.js';
import { startEmbeddedPoet } from '../../../core/poet/embedded.js';
import { checkProofResponse } from '../../../core/poet/nipost.js';
import { submitRequestJson, toBase64 } from '../../../core/poet/rest.js';
import { RoundStore } from '../../../core/poet/roundStore.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { filled, GENESIS_ID, nextEvent, submission, tempDir } from './helpers.js';

const schedule = { genesisMs: 1_000_000, phaseShiftMs: 10_000, epochMs: 20_000, cycleGapMs: 5_000 };

async function post(url: string, body: string | object, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/v1/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('PoET REST service', () => {
  it('refuses bad input with the right status, leaves state unchanged, then serves a checkable proof', async (t) => {
    const { dir, cleanup } = tempDir();
    const clock = new FakeClock(1_000_000);
    const poet = await startEmbeddedPoet({ dataDir: dir, schedule, clock, genesisId: GENESIS_ID, port: 0, checkpointEveryLeaves: 64 });
    t.after(() => poet.stop());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const store = new RoundStore(dir);

    const info = (await (await fetch(`${poet.url}/v1/info`)).json()) as Record<string, string>;
    assert.deepEqual(info, { servicePubkey: toBase64(poet.service.publicKey), phaseShift: '10s', cycleGap: '5s' });

    const pow = (await (await fetch(`${poet.url}/v1/pow_params`)).json()) as { powParams: { difficulty: number } };
    assert.equal(pow.powParams.difficulty, 0);

    const good = submitRequestJson(submission(1, filled(0xa1)));
    const first = await post(poet.url, good);
    assert.equal(first.status, 200);
    assert.deepEqual(first.json, { roundId: '0', roundEnd: '25s' });
    const registered = JSON.stringify(await store.readMembers(0), (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v));

    const other = submitRequestJson(submission(2, filled(0xa2)));
    const cases: [string, string | object, number, string][] = [
      ['malformed JSON', '{"challenge":', 400, 'BAD_REQUEST'],
      ['not an object', '[1,2]', 400, 'BAD_REQUEST'],
      ['unknown field', { ...other, extra: 1 }, 400, 'BAD_REQUEST'],
      ['challenge of 31 bytes', { ...other, challenge: toBase64(filled(1, 31)) }, 400, 'BAD_REQUEST'],
      ['pubkey of 33 bytes', { ...other, pubkey: toBase64(filled(1, 33)) }, 400, 'BAD_REQUEST'],
      ['signature of 63 bytes', { ...other, signature: toBase64(filled(1, 63)) }, 400, 'BAD_REQUEST'],
      ['challenge not base64', { ...other, challenge: '!!!' }, 400, 'BAD_REQUEST'],
      ['missing signature', { challenge: other.challenge, pubkey: other.pubkey, prefix: other.prefix }, 400, 'BAD_REQUEST'],
      ['bad signature', { ...other, challenge: toBase64(filled(0xa3)) }, 400, 'INVALID_SIGNATURE'],
      ['another network', { ...other, prefix: toBase64(filled(9, 21)) }, 400, 'WRONG_PREFIX'],
      ['bad deadline', { ...other, deadline: 'tomorrow' }, 400, 'BAD_REQUEST'],
      ['late: round ends after the deadline', submitRequestJson(submission(2, filled(0xa2), 1_024_999)), 400, 'TOO_LATE'],
      ['duplicate node id, another challenge', submitRequestJson(submission(1, filled(0xa9))), 409, 'ALREADY_REGISTERED'],
      ['body too large', { ...other, certificate: { data: 'A'.repeat(20_000) } }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, body, status, code] of cases) {
      const res = await post(poet.url, body);
      assert.equal(res.status, status, name);
      assert.equal(res.json.code, code, name);
      assert.ok(typeof res.json.message === 'string' && res.json.message.length > 0, name);
    }
    // A chunked body (no content-length) is cut off at the limit too.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(`${poet.url}/v1/submit`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write('x'.repeat(1024));
      req.end();
    });
    assert.equal(chunked, 413);

    const unknownRound = await fetch(`${poet.url}/v1/proofs/7`);
    assert.equal(unknownRound.status, 404);
    assert.equal(((await unknownRound.json()) as { code: string }).code, 'NOT_FOUND');
    assert.equal((await fetch(`${poet.url}/v1/proofs/seven`)).status, 400);
    assert.equal((await fetch(`${poet.url}/v1/proofs/-1`)).status, 400);
    assert.equal((await fetch(`${poet.url}/v1/proofs/%E0%A4%A`)).status, 400);
    assert.equal((await fetch(`${poet.url}/v1/nothing`)).status, 404);
    assert.equal((await fetch(`${poet.url}/v1/submit`)).status, 405);

    // Nothing above changed the round: the same member file, and the same registration is still accepted as is.
    const after = JSON.stringify(await store.readMembers(0), (_k, v: unknown) => (v instanceof Uint8Array ? bytesToHex(v) : v));
    assert.equal(after, registered);
    assert.equal((await post(poet.url, good)).status, 200);
    assert.equal((await post(poet.url, other)).status, 200);
    assert.equal((await post(poet.url, submitRequestJson(submission(3, filled(0xa3))))).status, 200);

    const finished = nextEvent(poet.service, 'roundFinished');
    await clock.advanceTo(1_010_000);
    await clock.advanceTo(1_025_000);
    await finished;

    const client = new PoetClient({ url: poet.url, clock });
    const response = await client.proof(0);
    assert.ok(response !== undefined);
    assert.equal(response.members.length, 3);
    assert.equal(bytesToHex(response.servicePubkey), bytesToHex(poet.service.publicKey));
    for (const challenge of [filled(0xa1), filled(0xa2), filled(0xa3)]) {
      const checked = checkProofResponse(poet.url, 0, response, challenge);
      assert.equal(checked.proof.leafCount, response.proof.leafCount);
    }
    assert.throws(() => checkProofResponse(poet.url, 0, response, filled(0xa4)), /not a member/);
    const tampered = { ...response, proof: { ...response.proof, leafCount: response.proof.leafCount + 1 } };
    assert.throws(() => checkProofResponse(poet.url, 0, tampered, filled(0xa1)), /invalid PoET proof/);
    const url = poet.url;
    await poet.stop();
    await poet.stop();
    await assert.rejects(fetch(`${url}/v1/info`), 'stopped: nothing listens');
  });
});
