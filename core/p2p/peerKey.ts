/**
 * The node's persistent peer key: `<networkDir>/p2p.key`, created on first start, owner-only (0600).
 *
 * The file is go-spacemesh's (`p2p/identity.go`): JSON `{"Key": base64(libp2p protobuf private key), "ID": peer
 * id}`, so a key moves between the two implementations. A file that exists but cannot be read back as that key
 * is an error naming the file, never a silent new identity: a new peer id would lose the node's standing with
 * its peers (scores, bootnode entries that name it). I/O.
 * @module
 */
import './polyfill.js';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrivateKey } from '@libp2p/interface';
import { writeFileAtomic } from '../util/atomicFile.js';
import { errorMessage } from '../util/errors.js';
import { P2PError } from './errors.js';

export const PEER_KEY_FILE = 'p2p.key';

export interface PeerKey {
  readonly privateKey: PrivateKey;
  /** The peer id (base58btc multihash) derived from the key. */
  readonly peerId: string;
  /** True when this call created the file. */
  readonly created: boolean;
  readonly path: string;
}

/**
 * Loads the key in `networkDir`, or creates it (Ed25519) when the file does not exist.
 * @throws {P2PError} BAD_PEER_KEY for a file that is not a valid key, or whose ID does not match its key
 */
export async function loadOrCreatePeerKey(networkDir: string): Promise<PeerKey> {
  // libp2p's key and peer-id modules load after the polyfill (see polyfill.ts).
  const { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } = await import('@libp2p/crypto/keys');
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id');
  const path = join(networkDir, PEER_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === undefined) {
    await mkdir(networkDir, { recursive: true, mode: 0o700 });
    const privateKey = await generateKeyPair('Ed25519');
    const peerId = peerIdFromPrivateKey(privateKey).toString();
    const json = JSON.stringify({ Key: Buffer.from(privateKeyToProtobuf(privateKey)).toString('base64'), ID: peerId });
    await writeFileAtomic(path, json, { mode: 0o600 });
    return { privateKey, peerId, created: true, path };
  }
  const bad = (why: string): P2PError =>
    new P2PError('BAD_PEER_KEY', `peer key file ${path} is not usable (${why}); move it away to start with a new peer identity`, { path });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bad('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw bad('not a JSON object');
  const { Key: key, ID: id } = parsed as { Key?: unknown; ID?: unknown };
  if (typeof key !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) throw bad('"Key" is not base64');
  let privateKey: PrivateKey;
  try {
    privateKey = privateKeyFromProtobuf(Buffer.from(key, 'base64'));
  } catch (err) {
    throw bad(`"Key" is not a private key: ${errorMessage(err)}`);
  }
  const peerId = peerIdFromPrivateKey(privateKey).toString();
  if (id !== undefined && id !== peerId) throw bad(`"ID" ${JSON.stringify(id)} does not belong to its key (${peerId})`);
  return { privateKey, peerId, created: false, path };
}
