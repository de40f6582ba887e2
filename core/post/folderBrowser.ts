/**
 * The browser UI's folder picker (the storage wizard's "Choose folder…" where no native dialog exists): the
 * subfolders of one folder with the free space there, limited to what the node's user may read and never inside a
 * system folder (`/proc`, `/sys`, `/dev`, `/etc`, `/usr`, `/var`, …, except under the user's home), since PoS data
 * there would fill or break the system. Symbolic links are followed before the check, so a link in the home folder
 * does not lead into `/etc`. {@link systemFolderOf} is the rule (pure); {@link listFolders} reads the disk. I/O:
 * directory listings and disk space.
 * @module
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CodedError } from '../util/errors.js';
import { type FolderSpace, folderSpace } from './folderSpace.js';

export type FolderBrowseErrorCode = 'NOT_ABSOLUTE' | 'FOLDER_NOT_FOUND' | 'NOT_A_FOLDER' | 'FOLDER_UNREADABLE' | 'SYSTEM_FOLDER';

export class FolderBrowseError extends CodedError<FolderBrowseErrorCode> {}

/** Folders of the operating system no PoS data belongs in (a path equal to one or under it is refused). */
export const SYSTEM_FOLDERS: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ['/proc', '/sys', '/dev', '/etc', '/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/boot', '/run', '/var', '/snap', '/root', '/lost+found'],
  darwin: ['/System', '/Library', '/private', '/usr', '/bin', '/sbin', '/etc', '/var', '/dev', '/cores', '/Applications'],
  win32: ['C:\\Windows', 'C:\\Program Files', 'C:\\Program Files (x86)', 'C:\\ProgramData'],
};

/** The most subfolders one listing returns; a folder with more says `truncated`. */
export const MAX_LISTED_FOLDERS = 500;

function isInside(path: string, folder: string, os: NodeJS.Platform): boolean {
  // Windows and macOS file systems ignore case by default; Windows separates with backslashes.
  const caseless = os === 'win32' || os === 'darwin';
  const separator = os === 'win32' ? '\\' : '/';
  const p = caseless ? path.toLowerCase() : path;
  const f = caseless ? folder.toLowerCase() : folder;
  return p === f || p.startsWith(f.endsWith(separator) ? f : f + separator);
}

/**
 * The system folder `path` is in (or is), or undefined when it is not in one or is under the user's `home` (a home
 * folder under /var is still the user's). `path` must be absolute and normalised.
 */
export function systemFolderOf(path: string, home: string, os: NodeJS.Platform = platform()): string | undefined {
  if (home !== '' && isInside(path, home, os)) return undefined;
  return (SYSTEM_FOLDERS[os] ?? SYSTEM_FOLDERS.linux)!.find((f) => isInside(path, f, os));
}

export interface FolderEntry {
  readonly name: string;
  readonly path: string;
}

export interface FolderListing {
  /** The folder listed, absolute, links resolved. */
  readonly path: string;
  /** Its parent, or null at the root. */
  readonly parent: string | null;
  /** The user's home folder (where the picker starts). */
  readonly home: string;
  /** Readable, non-hidden subfolders outside the system folders, by name. */
  readonly folders: readonly FolderEntry[];
  readonly truncated: boolean;
  /** Free space and write access in the folder itself. */
  readonly space: FolderSpace;
}

export interface ListFoldersOptions {
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Lists the subfolders of `path` (default: the home folder).
 * @throws {FolderBrowseError} NOT_ABSOLUTE, FOLDER_NOT_FOUND, NOT_A_FOLDER, FOLDER_UNREADABLE, SYSTEM_FOLDER
 */
export async function listFolders(path: string | undefined, options: ListFoldersOptions = {}): Promise<FolderListing> {
  const os = options.platform ?? platform();
  const home = resolve(options.home ?? homedir());
  const asked = path ?? home;
  if (!isAbsolute(asked)) throw new FolderBrowseError('NOT_ABSOLUTE', `"${asked}" is not a full path: start it at the root (/) or the home folder`);
  let real: string;
  try {
    real = await realpath(resolve(asked));
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FolderBrowseError('FOLDER_NOT_FOUND', `${asked} does not exist`);
    throw new FolderBrowseError('FOLDER_UNREADABLE', `${asked} cannot be opened by this user (${code ?? 'error'})`);
  }
  const system = systemFolderOf(real, home, os);
  if (system !== undefined) throw new FolderBrowseError('SYSTEM_FOLDER', `${real} is in the system folder ${system}: PoS data does not belong there`);
  if (!(await stat(real)).isDirectory()) throw new FolderBrowseError('NOT_A_FOLDER', `${real} is a file, not a folder`);
  let entries;
  try {
    entries = await readdir(real, { withFileTypes: true });
  } catch (err) {
    throw new FolderBrowseError('FOLDER_UNREADABLE', `${real} cannot be read by this user (${errnoOf(err) ?? 'error'})`);
  }
  const folders: FolderEntry[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const child = join(real, e.name);
    // A link counts when it leads to a folder outside the system folders (checked again when the user opens it).
    const target = e.isSymbolicLink() ? await realpath(child).catch(() => undefined) : child;
    const isFolder = e.isDirectory() || (target !== undefined && e.isSymbolicLink() && (await stat(target).then((s) => s.isDirectory(), () => false)));
    if (!isFolder || systemFolderOf(target!, home, os) !== undefined) continue;
    folders.push({ name: e.name, path: child });
  }
  const parent = dirname(real) === real ? null : dirname(real);
  return {
    path: real,
    parent,
    home,
    folders: folders.slice(0, MAX_LISTED_FOLDERS),
    truncated: folders.length > MAX_LISTED_FOLDERS,
    space: await folderSpace(real),
  };
}
