/**
 * `npm start`: the Electron app when its binary is installed; otherwise the headless host (`smesher node`), which
 * prints the UI address with its token, after one line saying why Electron was not used (docs/architecture.md §3).
 * Extra arguments go to `smesher node` in headless mode.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/**
 * Where the Electron binary is, or why there is none.
 * @param {string} root
 * @returns {{ binary: string } | { reason: string }}
 */
export function findElectron(root) {
  let dir;
  try {
    dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (a production or --omit=dev install)' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was not downloaded (offline install; run `node build/installElectron.js` when online)' };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` };
  return { binary };
}

/**
 * The command `npm start` runs.
 * @param {string} root
 * @param {string[]} args
 * @param {Readonly<Record<string, string | undefined>>} env
 */
export function startCommand(root, args, env) {
  const found = env.SMESHER_HEADLESS === '1' ? { reason: 'SMESHER_HEADLESS=1 is set' } : findElectron(root);
  if ('binary' in found) return { mode: 'electron', command: found.binary, args: [root], reason: undefined };
  return { mode: 'headless', command: process.execPath, args: [join(root, 'core', 'bin', 'smesher.js'), 'node', ...args], reason: found.reason };
}

if (process.argv[1] === import.meta.filename) {
  const plan = startCommand(ROOT, process.argv.slice(2), process.env);
  if (plan.mode === 'electron') {
    const { transpilePreload, PRELOAD_OUT } = await import('./buildPreload.js');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(dirname(PRELOAD_OUT), { recursive: true });
    writeFileSync(PRELOAD_OUT, transpilePreload(readFileSync(join(ROOT, 'electron', 'preload', 'preload.ts'), 'utf8')));
  } else {
    console.log(`[smesher] Running headless: ${plan.reason}. Open the "ui" address below in a browser.`);
  }
  const child = spawn(plan.command, plan.args, { stdio: 'inherit' });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
}
