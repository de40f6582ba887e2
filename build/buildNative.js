/**
 * Postinstall step: builds the optional native addons (N-API) with node-gyp (native/binding.gyp) into
 * native/build/Release/: the AES-NI proving scan (native/aesScan.c -> aes_scan.node) and the PoET's label chain
 * (native/poetChain.c -> poet_chain.node: SHA extensions where the CPU has them, plain C otherwise) and the
 * libsodium paths for Ed25519 and the ECVRF (native/sodium.c -> sodium.node, which loads the system's libsodium at run
 * time, so building needs no libsodium headers; without the library signatures go through OpenSSL). Optional on
 * purpose: without a C compiler the prover and the PoET keep their node:crypto paths (same results, slower: about
 * half the AES speed, a third to a twentieth of the chain's; the AES scan also needs x86-64), so a failed build
 * warns and the install goes on. On x86-64 Linux unit tests insist both addons are there, so CI never proves or
 * runs a PoET without them by accident.
 *
 * Usage: node build/buildNative.js
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const NATIVE = join(ROOT, 'native');

/** npm hands its bundled node-gyp to lifecycle scripts; run by hand, look for npm's copy beside this Node. */
function nodeGyp() {
  const candidates = [process.env.npm_config_node_gyp, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((c) => c !== undefined && existsSync(c));
}

const gyp = nodeGyp();
if (gyp === undefined) {
  console.warn('smesher: node-gyp not found; the native addons are not built (proving and the PoET use node:crypto)');
  process.exit(0);
}
// Without npm's environment node-gyp would try to download headers; this Node's own are enough for N-API.
const prefix = join(dirname(process.execPath), '..');
const args = [gyp, 'rebuild', '--release'];
if (process.env.npm_config_nodedir === undefined && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const result = spawnSync(process.execPath, args, { cwd: NATIVE, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (result.status !== 0) {
  console.warn(`smesher: the native addons did not build (proving and the PoET use node:crypto):\n${(result.stderr ?? '').split('\n').slice(-15).join('\n')}`);
}
