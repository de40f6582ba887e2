/**
 * Where Smesher keeps its data by default: the operating system's per-user application-data folder.
 * @module
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~/.local/share/smesher` (or `$XDG_DATA_HOME/smesher`), `~/Library/Application Support/Smesher`, `%APPDATA%\Smesher`. */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Smesher');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Smesher');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'smesher');
}
