/**
 * The Electron app's entry (package.json "main"): loads the TypeScript sources through tsx, as the `smesher` CLI
 * does, then starts the main process. Runs only inside Electron.
 * @module
 */
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
