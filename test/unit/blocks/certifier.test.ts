/**
 * Block certificates (core/blocks/certifier.ts, certificate.ts, certStore.ts): three identities of weights 10, 20
 * and 30 certify a block with the hare oracle of round CERTIFY_ROUND and a committee of 800 (threshold 401); the
 * certificate forms only for this node's own registered hare output and only past the threshold, holds on another
 * node as a synced certificate, and refuses forged, over-counted, foreign and short certificates with a reason;
 * a valid certificate trumps an uncertified hare output, two valid ones are both kept and reported as a conflict.
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { getCertifiedBlock, listCertificates } from '../../../core/blocks/certStore.js';
import {
  CERTIFY_ROUND,
  certifySignedBytes,
  decodeCertificate,
  decodeCertifyMessage,
  encodeCertificate,
  encodeCertifyMessage,
} from '../../../core/blocks/certificate.js';
import { Certifier, type CertifyVerdict } from '../../../core/blocks/certifier.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const GENESIS = new Uint8Array(20).fill(3);
const BEACON = Uint8Array.of(9, 8, 7, 6);
const LPE = 4;
const LAYER = 13;
const BLOCK = new Uint8Array(20).fill(0xb1);
const OTHER_BLOCK = new Uint8Array(20).fill(0xb2);
const WEIGHTS = [10n, 20n, 30n];
const signers = WEIGHTS.map((_, i) => new EdSigner(new Uint8Array(32).fill(40 + i), GENESIS));
const weightById = new Map(signers.map((s, i) => [bytesToHex(s.publicKey), WEIGHTS[i]!]));

const opened: Executor[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function certifier(own: readonly EdSigner[], opts: { beacon?: Uint8Array | null; current?: number } = {}): { c: Certifier; db: Executor } {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  opened.push(db);
  const beacon = opts.beacon === undefined ? BEACON : opts.beacon;
  const c = new Certifier({
    db,
    verifier: new EdVerifier(GENESIS),
    committee: 800,
    layersPerEpoch: LPE,
    effectiveGenesis: 7,
    currentLayer: () => opts.current ?? LAYER,
    beaconOf: () => beacon,
    weights: () => ({ weightOf: (id) => weightById.get(bytesToHex(id)) ?? null, total: 60n }),
    signers: () => own,
  });
  return { c, db };
}

/** Each identity's certify message for (`layer`, `block`), as its own node would sign it. */
function messagesOf(layer: number, block: Uint8Array): Uint8Array[] {
  return signers.map((s) => {
    const { messages } = certifier([s]).c.certify(layer, block);
    assert.equal(messages.length, 1, 'every identity here is eligible');
    return messages[0]!;
  });
}

function kindOf(v: CertifyVerdict): string {
  return v.kind === 'accept' ? 'accept' : `${v.kind}:${v.error.code}`;
}

describe('block certifier', () => {
  it('encodes CertifyMessage as go: layer c32, block id, count c16, proof, then signature and smesher id', () => {
    const [bytes] = messagesOf(LAYER, BLOCK);
    const m = decodeCertifyMessage(bytes!);
    assert.equal(bytes![0], LAYER << 2, 'compact32 layer first');
    assert.deepEqual(bytes!.subarray(1, 21), BLOCK);
    assert.equal(bytes!.length, 1 + 20 + (m.content.eligibilityCount < 64 ? 1 : 2) + 80 + 64 + 32);
    assert.deepEqual(bytes!.subarray(bytes!.length - 32), signers[0]!.publicKey);
    assert.equal(CERTIFY_ROUND, 2 ** 31 - 1);
  });

  it('forms a certificate for its own hare output once the counts pass the threshold, and only then', () => {
    const { c, db } = certifier([signers[2]!]);
    const [m0, m1, m2] = messagesOf(LAYER, BLOCK);
    const counts = [m0, m1, m2].map((m) => decodeCertifyMessage(m!).content.eligibilityCount);
    assert.ok(counts[0]! < c.threshold && counts[1]! + counts[2]! >= c.threshold, `counts ${counts.join(', ')} vs threshold ${c.threshold}`);
    assert.equal(kindOf(c.onMessage(m1!)), 'accept');
    assert.equal(kindOf(c.onMessage(m2!)), 'accept');
    assert.equal(kindOf(c.onMessage(m2!)), 'ignore:DUPLICATE');
    assert.equal(getCertifiedBlock(db, LAYER), undefined, 'not registered: no certificate (go waits for sync)');
    const own = c.certify(LAYER, BLOCK);
    assert.equal(own.messages.length, 1);
    assert.notEqual(own.certified, null, 'the messages collected before complete it at registration');
    const stored = getCertifiedBlock(db, LAYER)!;
    assert.deepEqual(stored.blockId, BLOCK);
    assert.equal(decodeCertificate(stored.cert).signatures.length, 2);
    assert.equal(kindOf(c.onMessage(m0!)), 'accept', 'a certified block\'s messages are still relayed');
  });

  it('a certificate holds on another node as a synced one; short or forged ones do not', () => {
    const [m0, m1, m2] = messagesOf(LAYER, BLOCK).map((b) => decodeCertifyMessage(b));
    const full = encodeCertificate({ blockId: BLOCK, signatures: [m0!, m1!, m2!] });
    const other = certifier([]);
    assert.equal(kindOf(other.c.onSyncedCertificate(LAYER, full)), 'accept');
    assert.deepEqual(getCertifiedBlock(other.db, LAYER)?.blockId, BLOCK);

    const short = encodeCertificate({ blockId: BLOCK, signatures: [m0!] });
    assert.equal(kindOf(certifier([]).c.onSyncedCertificate(LAYER, short)), 'reject:BELOW_THRESHOLD');
    const forged = { ...m2!, signature: m2!.signature.slice() };
    forged.signature[0]! ^= 1;
    const withForged = encodeCertificate({ blockId: BLOCK, signatures: [m0!, forged] });
    assert.equal(kindOf(certifier([]).c.onSyncedCertificate(LAYER, withForged)), 'reject:BELOW_THRESHOLD');
    const duplicated = encodeCertificate({ blockId: BLOCK, signatures: [m1!, m1!, m1!] });
    assert.equal(kindOf(certifier([]).c.onSyncedCertificate(LAYER, duplicated)), 'reject:BELOW_THRESHOLD', 'one smesher counts once');
    assert.equal(kindOf(certifier([]).c.onSyncedCertificate(LAYER + 1, full)), 'reject:BELOW_THRESHOLD', 'messages of another layer do not count');
    assert.equal(kindOf(certifier([]).c.onSyncedCertificate(LAYER, new Uint8Array([1, 2, 3]))), 'reject:MALFORMED');
    assert.equal(kindOf(certifier([], { beacon: null }).c.onSyncedCertificate(LAYER, full)), 'ignore:NOT_READY');
  });

  it('refuses forged, over-counted and foreign messages with a reason, and ignores what it cannot judge yet', () => {
    const [m0] = messagesOf(LAYER, BLOCK);
    const { c } = certifier([]);
    const badSig = decodeCertifyMessage(m0!);
    const sig = badSig.signature.slice();
    sig[10]! ^= 1;
    assert.equal(kindOf(c.onMessage(encodeCertifyMessage({ ...badSig, signature: sig }))), 'reject:BAD_SIGNATURE');
    // A higher count, correctly signed: the VRF does not give it.
    const s = signers[0]!;
    const inflated = decodeCertifyMessage(m0!);
    const content = { ...inflated.content, eligibilityCount: inflated.content.eligibilityCount + 5 };
    const signed = encodeCertifyMessage({ content, smesherId: s.publicKey, signature: s.sign(SigningDomain.HARE, certifySignedBytes(content)) });
    assert.equal(kindOf(c.onMessage(signed)), 'reject:NOT_ELIGIBLE');
    // An identity outside this node's active set: ignored (views of the active set differ), not scored down.
    const stranger = new EdSigner(new Uint8Array(32).fill(99), GENESIS);
    const strangerMsg = decodeCertifyMessage(m0!);
    assert.equal(kindOf(c.onMessage(encodeCertifyMessage({ ...strangerMsg, smesherId: stranger.publicKey, signature: stranger.sign(SigningDomain.HARE, certifySignedBytes(strangerMsg.content)) }))), 'ignore:NOT_IN_ACTIVE_SET');
    assert.equal(kindOf(c.onMessage(new Uint8Array(10))), 'reject:MALFORMED');
    assert.equal(kindOf(certifier([], { beacon: null }).c.onMessage(m0!)), 'ignore:NOT_READY');
    assert.equal(kindOf(certifier([], { current: LAYER + 20 }).c.onMessage(m0!)), 'ignore:UNEXPECTED_LAYER');
  });

  it('a valid certificate trumps an uncertified hare output; two valid certificates are a conflict', () => {
    const node = certifier([]);
    node.c.certify(LAYER, OTHER_BLOCK); // own hare output, not certified (it signs nothing: no identities)
    const cert = (block: Uint8Array): Uint8Array => encodeCertificate({ blockId: block, signatures: messagesOf(LAYER, block).map((b) => decodeCertifyMessage(b)) });
    const first = node.c.onSyncedCertificate(LAYER, cert(BLOCK));
    assert.ok(first.kind === 'accept' && first.value.certified?.conflict === false);
    assert.deepEqual(
      listCertificates(node.db, LAYER).map((r) => [bytesToHex(r.blockId).slice(0, 4), r.valid, r.cert !== null]),
      [
        ['b1b1', true, true],
        ['b2b2', false, false],
      ],
    );
    const second = node.c.onSyncedCertificate(LAYER, cert(OTHER_BLOCK));
    assert.ok(second.kind === 'accept' && second.value.certified?.conflict === true);
    assert.equal(getCertifiedBlock(node.db, LAYER), undefined, 'two valid certificates: no single certified block');
  });
});
