/**
 * The PoS folder the storage wizard proposes, so a newcomer need not invent a path: one folder per network under
 * each of the user's usual places — the data dir (`<data-dir>/post/<network>`), the home folder
 * (`~/smesher-post/<network>`) and, on Linux, the mounted disks the user may write (`/mnt/<disk>/smesher-post/<network>`,
 * `/media/<user>/<disk>/smesher-post/<network>`); never a system folder. The proposal is the candidate that fits the
 * most units comfortably (leaving a fifth of its free space free), capped by the network's max: ties go to the earlier
 * candidate, so the data dir's own disk wins whenever it holds the max (a test's temporary data dir keeps the
 * proposal inside it) and a bigger disk wins only when it fits more. {@link proposeFolder} is the rule (pure);
 * {@link proposedPostFolder} lists and measures the candidates. I/O: directory listings and disk space.
 * @module
 */
import { readdir } from 'node:fs/promises';
import { homedir, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import { folderSpace, type FolderSpace } from './folderSpace.js';

/** The share of a disk's free space a proposal leaves free. */
export const KEEP_FREE_SHARE = 0.2;

/** The network's unit limits and size, from its preset. */
export interface UnitLimits {
  readonly bytesPerUnit: number;
  readonly minUnits: number;
  readonly maxUnits: number;
}

/** The proposed folder, measured, and the units that fit there comfortably (0 when not even one does). */
export interface FolderProposal {
  readonly folder: FolderSpace;
  readonly units: number;
}

/** Units that fit in `freeBytes` leaving {@link KEEP_FREE_SHARE} of it free, capped by the max (never below 0). */
export function comfortableUnits(freeBytes: number, limits: UnitLimits): number {
  if (limits.bytesPerUnit <= 0) return limits.maxUnits;
  return Math.max(0, Math.min(limits.maxUnits, Math.floor((freeBytes * (1 - KEEP_FREE_SHARE)) / limits.bytesPerUnit)));
}

/**
 * The rule: among writable candidates with known free space, the one that fits the most units comfortably (capped
 * by the max), the earliest on a tie; undefined when none is writable and measured.
 */
export function proposeFolder(candidates: readonly FolderSpace[], limits: UnitLimits): FolderProposal | undefined {
  let best: FolderProposal | undefined;
  for (const folder of candidates) {
    if (!folder.writable || folder.freeBytes === null) continue;
    const units = comfortableUnits(folder.freeBytes, limits);
    if (best === undefined || units > best.units) best = { folder, units };
  }
  return best;
}

/** Where to look, for {@link candidateFolders} (the machine's own values by default; tests pass their own). */
export interface CandidatePlaces {
  readonly dataDir: string;
  /** The network's folder name, `<preset>-<genesisId8>` as in the data dir. */
  readonly network: string;
  readonly home?: string;
  readonly platform?: NodeJS.Platform;
  readonly user?: string;
  /** Lists the folders in a folder (default: readdir, nothing when it cannot be read). */
  readonly listDirs?: (dir: string) => Promise<readonly string[]>;
}

async function subfolders(dir: string): Promise<readonly string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

/** The candidate PoS folders, in order of preference on a tie: data dir, home, then the mounted disks (Linux). */
export async function candidateFolders(places: CandidatePlaces): Promise<readonly string[]> {
  const list = places.listDirs ?? subfolders;
  const folders = [join(places.dataDir, 'post', places.network), join(places.home ?? homedir(), 'smesher-post', places.network)];
  if ((places.platform ?? platform()) === 'linux') {
    const disks = ['/mnt'];
    const user = places.user ?? currentUser();
    if (user !== undefined && user !== '' && !user.includes('/')) disks.push(join('/media', user));
    for (const base of disks) for (const disk of await list(base)) folders.push(join(base, disk, 'smesher-post', places.network));
  }
  return [...new Set(folders)];
}

/** How many mounted disks are measured at most (a machine with dozens of mounts gets the first ones). */
const MAX_CANDIDATES = 12;

/** Lists and measures the candidates and applies {@link proposeFolder}. Never throws. */
export async function proposedPostFolder(places: CandidatePlaces, limits: UnitLimits): Promise<FolderProposal | undefined> {
  const folders = (await candidateFolders(places)).slice(0, MAX_CANDIDATES);
  return proposeFolder(await Promise.all(folders.map(folderSpace)), limits);
}
