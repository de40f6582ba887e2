/**
 * Postinstall step: fetch the Electron binary when the network allows, and never fail the install when it does not.
 *
 * `electron`'s own install script is denied in package.json (`allowScripts`), because offline its download
 * failure makes npm roll the whole install back. This script runs the same downloader itself and turns a failure
 * into one explanatory line: without the binary, `npm start` runs the headless host instead (docs/architecture.md §3).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

function electronPackageDir() {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return undefined; // production install (--omit=dev): the app is being used headless or is already packaged
  }
}

function main() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    console.log('[smesher] Electron binary download skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set).');
    return;
  }
  const dir = electronPackageDir();
  if (dir === undefined) return;
  const installer = join(dir, 'install.js');
  if (!existsSync(installer)) return;

  const result = spawnSync(process.execPath, [installer], {
    cwd: dir,
    encoding: 'utf8',
    timeout: DOWNLOAD_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0 && existsSync(join(dir, 'path.txt'))) {
    console.log('[smesher] Electron binary installed.');
    return;
  }
  const reason = firstErrorLine(result.stderr) ?? result.error?.message ?? `exit code ${result.status}`;
  console.log(
    `[smesher] Electron binary not installed (${reason}). The node, the CLI and the tests work without it; ` +
      '`npm start` runs the headless host and prints the UI address. Run `node build/installElectron.js` when online.',
  );
}

/** @param {string | undefined} text */
function firstErrorLine(text) {
  const line = text?.split('\n').find((l) => /error/i.test(l));
  return line?.trim().slice(0, 200);
}

main();
