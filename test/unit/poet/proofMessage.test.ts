/**
 * The PoET proof message peers exchange: what is encoded verifies back to the same record, and a proof under
 * another ref, a tampered proof, a bad round id or malformed bytes are refused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { poetProofRef } from '../../../core/poet/codec.js';
import { buildPoswProof } from '../../../core/poet/proof.js';
import { encodePoetProofMessage, verifyPoetProofMessage } from '../../../core/poet/proofMessage.js';
import { CodedError } from '../../../core/util/errors.js';
import { utf8 } from '../../../core/util/bytes.js';
import { filled, growPoswTree } from './helpers.js';

const statement = filled(0x5c);
const proof = buildPoswProof(growPoswTree(statement, 160));
const ref = poetProofRef(proof);
const record = { serviceId: utf8('http://127.0.0.1:10010'), round: 7, statement, proof };

describe('PoET proof message', () => {
  it('round-trips a valid proof under its ref', () => {
    const got = verifyPoetProofMessage(encodePoetProofMessage(record), ref);
    assert.deepEqual(got.ref, ref);
    assert.equal(got.round, 7);
    assert.deepEqual(got.statement, statement);
    assert.deepEqual(got.serviceId, record.serviceId);
    assert.equal(got.proof.leafCount, proof.leafCount);
  });

  it('hashes a service id over 32 bytes instead of refusing it', () => {
    const long = utf8(`http://poet.example.org:10010/${'x'.repeat(40)}`);
    const got = verifyPoetProofMessage(encodePoetProofMessage({ ...record, serviceId: long }), ref);
    assert.equal(got.serviceId.length, 32);
  });

  it('refuses a proof that is not the one asked for, or does not verify against its statement', () => {
    assert.throws(() => verifyPoetProofMessage(encodePoetProofMessage(record), filled(0x01)), /does not hash to the ref/);
    assert.throws(() => verifyPoetProofMessage(encodePoetProofMessage({ ...record, statement: filled(0x77) }), ref), /invalid PoET proof/);
  });

  it('never throws anything but a coded error on random or mutated bytes', () => {
    const good = encodePoetProofMessage(record);
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })).map(([i, x]) => {
        const b = good.slice();
        b[i] = b[i]! ^ x;
        return b;
      })), (bytes) => {
        try {
          verifyPoetProofMessage(bytes, ref);
        } catch (err) {
          assert.ok(err instanceof CodedError, String(err));
        }
      }),
      { numRuns: 300 },
    );
  });
});
