/**
 * Postinstall step: builds the optional native AES-NI proving scan (native/aesScan.c, N-API) with node-gyp into
 * native/build/Release/aes_scan.node. Optional on purpose: where there is no C compiler or the platform is not
 * x86-64 the prover keeps its node:crypto path (same results, about half the AES speed), so a failed build warns
 * and the install goes on. On x86-64 Linux a unit test insists the addon is there, so CI never proves without it
 * by accident.
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
  console.warn('smesher: node-gyp not found; the native AES-NI proving scan is not built (proving uses node:crypto)');
  process.exit(0);
}
// Without npm's environment node-gyp would try to download headers; this Node's own are enough for N-API.
const prefix = join(dirname(process.execPath), '..');
const args = [gyp, 'rebuild', '--release'];
if (process.env.npm_config_nodedir === undefined && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);
const result = spawnSync(process.execPath, args, { cwd: NATIVE, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (result.status !== 0) {
  console.warn(`smesher: the native AES-NI proving scan did not build (proving uses node:crypto):\n${(result.stderr ?? '').split('\n').slice(-15).join('\n')}`);
}
