/**
 * Postinstall step: compiles the PoST label kernel (asm/romix.ts, AssemblyScript) to WebAssembly SIMD at
 * core/post/kernel/romix.wasm. The .wasm is a build output (git-ignored): compiling it here from the committed
 * source keeps the binary and its source from drifting apart. AssemblyScript is a pinned devDependency, so this
 * works offline right after `npm ci`.
 *
 * Usage: node build/buildKernel.js
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SOURCE = join(ROOT, 'asm', 'romix.ts');
const OUTPUT = join(ROOT, 'core', 'post', 'kernel', 'romix.wasm');

function ascEntry() {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('assemblyscript/package.json')), 'bin', 'asc.js');
  } catch {
    return undefined;
  }
}

const asc = ascEntry();
if (asc === undefined) {
  // A production install (--omit=dev) has no compiler; an existing kernel is then the one to use.
  if (existsSync(OUTPUT)) process.exit(0);
  console.error('buildKernel: assemblyscript is not installed and core/post/kernel/romix.wasm is missing; run npm install');
  process.exit(1);
}
mkdirSync(dirname(OUTPUT), { recursive: true });
// -O3 with no runtime and no asserts: the kernel allocates nothing and checks its inputs on the JS side.
const result = spawnSync(
  process.execPath,
  [asc, SOURCE, '-O3', '--runtime', 'stub', '--enable', 'simd', '--noAssert', '--initialMemory', '1', '-o', OUTPUT],
  { cwd: ROOT, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('buildKernel: asc failed');
  process.exit(result.status ?? 1);
}
