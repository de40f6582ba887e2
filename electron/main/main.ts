/**
 * Electron main-process entry: hands the real Electron APIs to {@link startApp}; a start failure is shown in a
 * dialog and ends the app. Runs only inside Electron (through bootstrap.js).
 * @module
 */
import * as electron from 'electron';
import packageJson from '../../package.json' with { type: 'json' };
import { errorMessage } from '../../core/util/errors.js';
import { startApp } from './app.js';

startApp(electron, { version: packageJson.version }).catch((err: unknown) => {
  electron.dialog.showErrorBox('Smesher could not start', errorMessage(err));
  electron.app.exit(1);
});
