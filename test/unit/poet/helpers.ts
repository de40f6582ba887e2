/**
 * Shared fixtures for the PoET tests: temporary directories, grown PoSW trees, signed registrations.
 * @module
 */
import { type EventEmitter, once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { LabelHasher, merkleNodeHash } from '../../../core/poet/hash.js';
import type { LayerFactory } from '../../../core/poet/layers.js';
import { signSubmission } from '../../../core/poet/nipost.js';
import type { PoetService, PoetServiceEvents, Submission } from '../../../core/poet/service.js';
import { MerkleTree } from '../../../core/poet/tree.js';

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = 'poet-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A PoSW tree over `statement` with `leaves` leaves made by the real label chain. */
export function growPoswTree(statement: Uint8Array, leaves: number, layers?: LayerFactory): MerkleTree {
  const tree = new MerkleTree(merkleNodeHash(statement), layers);
  const labels = new LabelHasher(statement);
  for (let i = 0; i < leaves; i++) tree.addLeaf(labels.label(i, tree.parkedNodes));
  return tree;
}

/** 32 bytes all equal to `byte`. */
export function filled(byte: number, length = 32): Uint8Array {
  return new Uint8Array(length).fill(byte);
}

export const GENESIS_ID = filled(0x47, 20);

/** A signer whose seed is `byte` repeated. */
export function signer(byte: number): EdSigner {
  return new EdSigner(filled(byte), GENESIS_ID);
}

/** A correctly signed registration of `challenge` by signer `byte`. */
export function submission(byte: number, challenge: Uint8Array, deadlineMs?: number): Submission {
  return signSubmission(signer(byte), GENESIS_ID, challenge, deadlineMs);
}

/** The next `name` event of a PoET service, typed. */
export async function nextEvent<K extends keyof PoetServiceEvents>(service: PoetService, name: K): Promise<PoetServiceEvents[K][0]> {
  const [payload] = (await once(service as EventEmitter, name)) as PoetServiceEvents[K];
  return payload;
}
