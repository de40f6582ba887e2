/**
 * utilityProcess entry: loads the TypeScript sources through tsx (as core/bin/smesher.js does) and starts the
 * prover child. Runs only inside Electron.
 * @module
 */
import { register } from 'tsx/esm/api';

register();
await import('./prover.worker.ts');
