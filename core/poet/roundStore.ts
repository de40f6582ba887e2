/**
 * The PoET's rounds on disk, one directory per round under `<dir>/rounds/<k>/`:
 *
 * | file               | written                              | holds                                          |
 * |--------------------|--------------------------------------|------------------------------------------------|
 * | `members.log`      | appended per accepted registration   | one JSON line `{nodeId, challenge}` (hex)      |
 * | `execution.json`   | at round start, then each checkpoint | statement, leaves durable in `tree/` so far    |
 * | `tree/layer_h.bin` | while the round executes             | the PoSW tree's lower layers (layerFile.ts)    |
 * | `proof.json`       | when the round ends                  | the proof and the members in statement order   |
 *
 * JSON files are replaced atomically and the member log is appended with fsync; what is read back is validated,
 * so a damaged file is a BAD_STATE error rather than a wrong proof. I/O.
 * @module
 */
import { mkdir, open, readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bytesToHex, hexToBytes } from '../util/bytes.js';
import { PoetError } from './errors.js';
import { readJson, writeJsonAtomic } from './files.js';
import { NODE_SIZE } from './hash.js';
import type { Member } from './membership.js';
import type { PoswProof } from './proof.js';

/** A round's execution checkpoint. */
export interface Execution {
  readonly statement: Uint8Array;
  /** Leaves whose nodes are durable in the tree files (0 right after the round started). */
  readonly leafCount: number;
}

/** A finished round: what `/v1/proofs/{round}` serves. */
export interface RoundProof {
  readonly round: number;
  readonly statement: Uint8Array;
  readonly proof: PoswProof;
  /** The registered challenges in membership-tree (node id) order. */
  readonly members: readonly Uint8Array[];
}

const MEMBERS_LOG = 'members.log';

export class RoundStore {
  /** @param dir - the PoET's data directory */
  constructor(private readonly dir: string) {}

  /** Directory of the PoSW tree files of `round` (created). @throws the fs error */
  async treeDir(round: number): Promise<string> {
    const path = join(this.roundDir(round), 'tree');
    await mkdir(path, { recursive: true });
    return path;
  }

  /** Deletes a finished round's tree files. */
  async removeTree(round: number): Promise<void> {
    await rm(join(this.roundDir(round), 'tree'), { recursive: true, force: true });
  }

  /** Round ids that have a directory, ascending. */
  async listRounds(): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dir, 'rounds'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.filter((n) => /^(0|[1-9]\d{0,14})$/.test(n)).map(Number).sort((a, b) => a - b);
  }

  /**
   * The registrations of `round` in the order they were made. A torn last line (a crash inside an append) is
   * ignored: that registration was never acknowledged.
   * @throws {PoetError} BAD_STATE on a damaged line before the last
   */
  async readMembers(round: number): Promise<Member[]> {
    let text: string;
    try {
      text = await readFile(this.file(round, MEMBERS_LOG), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const lines = text.split('\n');
    const members: Member[] = [];
    lines.forEach((line, i) => {
      if (line === '') return;
      try {
        const raw = JSON.parse(line) as unknown;
        members.push({
          nodeId: hexField(raw, 'nodeId', MEMBERS_LOG, NODE_SIZE),
          challenge: hexField(raw, 'challenge', MEMBERS_LOG, NODE_SIZE),
        });
      } catch (err) {
        // Only the last line can be torn; anything earlier means the file was damaged.
        if (i !== lines.length - 1) throw err instanceof PoetError ? err : bad(MEMBERS_LOG, `line ${i + 1} is not JSON`);
      }
    });
    return members;
  }

  /**
   * Appends one registration and makes it durable (one line, fsync): constant cost however many members the
   * round already has.
   * @throws the fs error
   */
  async appendMember(round: number, member: Member): Promise<void> {
    const path = this.file(round, MEMBERS_LOG);
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a');
    try {
      await file.appendFile(`${JSON.stringify({ nodeId: bytesToHex(member.nodeId), challenge: bytesToHex(member.challenge) })}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  }

  /** @throws {PoetError} BAD_STATE on a damaged file */
  async readExecution(round: number): Promise<Execution | undefined> {
    const raw = await readJson(this.file(round, 'execution.json'));
    if (raw === undefined) return undefined;
    return {
      statement: hexField(raw, 'statement', 'execution.json', NODE_SIZE),
      leafCount: intField(raw, 'leafCount', 'execution.json'),
    };
  }

  /** @throws the fs error */
  writeExecution(round: number, execution: Execution): Promise<void> {
    return writeJsonAtomic(this.file(round, 'execution.json'), {
      round,
      statement: bytesToHex(execution.statement),
      leafCount: execution.leafCount,
    });
  }

  /** @throws {PoetError} BAD_STATE on a damaged file */
  async readProof(round: number): Promise<RoundProof | undefined> {
    const raw = await readJson(this.file(round, 'proof.json'));
    if (raw === undefined) return undefined;
    const name = 'proof.json';
    const list = (key: string): Uint8Array[] => {
      const value = field(raw, key, name);
      if (!Array.isArray(value)) throw bad(name, `${key} is not a list`);
      return value.map((v) => hexValue(v, key, name, NODE_SIZE));
    };
    return {
      round: intField(raw, 'round', name),
      statement: hexField(raw, 'statement', name, NODE_SIZE),
      proof: {
        root: hexField(raw, 'root', name, NODE_SIZE),
        provenLeaves: list('provenLeaves'),
        proofNodes: list('proofNodes'),
        leafCount: intField(raw, 'leafCount', name),
      },
      members: list('members'),
    };
  }

  /** @throws the fs error */
  writeProof(result: RoundProof): Promise<void> {
    const { proof } = result;
    return writeJsonAtomic(this.file(result.round, 'proof.json'), {
      round: result.round,
      statement: bytesToHex(result.statement),
      root: bytesToHex(proof.root),
      provenLeaves: proof.provenLeaves.map(bytesToHex),
      proofNodes: proof.proofNodes.map(bytesToHex),
      leafCount: proof.leafCount,
      members: result.members.map(bytesToHex),
    });
  }

  private roundDir(round: number): string {
    return join(this.dir, 'rounds', String(round));
  }

  private file(round: number, name: string): string {
    return join(this.roundDir(round), name);
  }
}

function bad(file: string, detail: string): PoetError {
  return new PoetError('BAD_STATE', `round state ${file}: ${detail}`);
}

function field(raw: unknown, key: string, file: string): unknown {
  if (typeof raw !== 'object' || raw === null) throw bad(file, 'not an object');
  return (raw as Record<string, unknown>)[key];
}

function hexValue(value: unknown, key: string, file: string, length: number): Uint8Array {
  try {
    return hexToBytes(value, length, key);
  } catch (err) {
    throw bad(file, (err as Error).message);
  }
}

function hexField(raw: unknown, key: string, file: string, length: number): Uint8Array {
  return hexValue(field(raw, key, file), key, file, length);
}

function intField(raw: unknown, key: string, file: string): number {
  const value = field(raw, key, file);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw bad(file, `${key} is not a count`);
  return value;
}
