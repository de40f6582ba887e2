/**
 * Where Smesher keeps its data by default: the operating system's per-user application-data folder.
 * @module
 */
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

/**
 * `~/.local/share/smesher` (or `$XDG_DATA_HOME/smesher`), `~/Library/Application Support/Smesher`, `%APPDATA%\Smesher`.
 * An empty or relative `XDG_DATA_HOME` (or `APPDATA`) counts as unset, as the XDG base directory rules say: a
 * relative one would put the data under whatever folder the node was started from.
 */
export function defaultDataDir(env: Readonly<Record<string, string | undefined>>, platform = process.platform): string {
  if (platform === 'win32') return join(absoluteOr(env.APPDATA, (p) => win32.isAbsolute(p)) ?? join(homedir(), 'AppData', 'Roaming'), 'Smesher');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Smesher');
  return join(absoluteOr(env.XDG_DATA_HOME, (p) => posix.isAbsolute(p)) ?? join(homedir(), '.local', 'share'), 'smesher');
}

function absoluteOr(value: string | undefined, isAbsolute: (path: string) => boolean): string | undefined {
  return value !== undefined && value !== '' && isAbsolute(value) ? value : undefined;
}
