/**
 * `smesher post init | prove | verify | check` (docs/cli.md §1): PoS data and proofs interchangeable with
 * post-rs/postcli. Parameters not given as flags come from `--preset` (default standalone). Bad input gives one
 * line on stderr and a non-zero exit; nothing on disk is overwritten by a refused command. Entry point (I/O).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { checkData } from '../../post/dataCheck.js';
import { PostError } from '../../post/errors.js';
import { JobControl } from '../../post/control.js';
import { DEFAULT_MAX_FILE_SIZE, initialize } from '../../post/initialize.js';
import { readMetadata } from '../../post/metadata.js';
import { lockPosDir } from '../../post/posData.js';
import { generateProof } from '../../post/prove.js';
import { decodeProofFile, encodeProofFile } from '../../post/proof.js';
import type { InitProgress } from '../../post/progress.js';
import { verifyProof, verifyVrfNonce, type VerifyMode } from '../../post/verify.js';
import { DEFAULT_PRESET, getPreset } from '../../params/presets.js';
import type { PostParams } from '../../params/types.js';
import { writeFileAtomic } from '../../util/atomicFile.js';
import { equalBytes, hexToBytes } from '../../util/bytes.js';
import { type Command, type CommandIO, UsageError, hexFlag, intFlag, parseFlags, requiredFlag } from '../cli.js';

const USAGE = `smesher post init   --node-id HEX --commitment-atx HEX --units N --labels-per-unit N --dir D
                    [--scrypt-n 8192] [--threads N] [--max-file-size BYTES] [--from I --to J] [--preset P]
smesher post prove  --dir D --challenge HEX [--nonces 16] [--threads N] [--k1 N --k2 N] [--out FILE] [--preset P]
smesher post verify --dir D --proof FILE [--all] [--k1 N --k2 N --k3 N] [--scrypt-n N] [--preset P]
smesher post check  --dir D [--fraction F] [--scrypt-n N] [--threads N] [--preset P]

Proof of space-time data as post-rs/postcli write it (postdata_N.bin + postdata_metadata.json).
init and prove lock the folder (D/smesher.lock): one refuses to run while a node or another command holds it.
  init    writes (or resumes) the data; --from/--to pick a range of file indices (postcli -fromFile/-toFile).
          Ctrl-C stops it; running it again resumes. Progress goes to stderr.
  prove   prints the proof file (JSON) for a 32-byte challenge, or writes it to --out.
  verify  checks a proof file against the data's identity: K3 labels (seeded randomly), or all K2 with --all,
          and the VRF nonce in the metadata.
  check   recomputes a random fraction of every file's labels (default 0.01) and names bad files and offsets.
Defaults (N, K1, K2, K3, units range, k2pow difficulty) come from --preset (default ${DEFAULT_PRESET}).`;

const U64_MAX = (1n << 64n) - 1n;

function presetPost(name: string | undefined): PostParams {
  try {
    return getPreset(name ?? DEFAULT_PRESET).post;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function u64Flag(value: string | undefined, flag: string, min: bigint, fallback?: bigint): bigint {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--${flag} is required`);
  }
  if (!/^\d{1,20}$/.test(value) || BigInt(value) < min || BigInt(value) > U64_MAX) throw new UsageError(`--${flag} must be a whole number >= ${min}, got "${value}"`);
  return BigInt(value);
}

function powerOfTwoFlag(value: string | undefined, fallback: number): number {
  const n = intFlag(value, 'scrypt-n', 2, 1 << 20, fallback);
  if ((n & (n - 1)) !== 0) throw new UsageError(`--scrypt-n must be a power of two, got ${n}`);
  return n;
}

/** Prints progress at most once a second, on stderr. */
function progressPrinter(io: CommandIO): (p: InitProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 1000 && p.labelsDone !== p.labelsTotal) return;
    last = now;
    const pct = p.labelsTotal === 0 ? 100 : (100 * p.labelsDone) / p.labelsTotal;
    const eta = p.etaSeconds === null ? '' : `, ETA ${p.etaSeconds} s`;
    io.stderr(`post init: ${p.labelsDone}/${p.labelsTotal} labels (${pct.toFixed(1)}%), ${p.labelsPerSecond} labels/s, file ${p.currentFile}${eta}`);
  };
}

/** Cancels `control` on Ctrl-C / SIGTERM while `job` runs. */
async function withSignals<T>(control: JobControl, job: Promise<T>): Promise<T> {
  const stop = (): void => control.cancel();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await job;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function init(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    'node-id': { type: 'string' },
    'commitment-atx': { type: 'string' },
    units: { type: 'string' },
    'labels-per-unit': { type: 'string' },
    dir: { type: 'string' },
    'scrypt-n': { type: 'string' },
    threads: { type: 'string' },
    'max-file-size': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    preset: { type: 'string' },
  });
  const post = presetPost(values.preset);
  const nodeId = hexFlag(values['node-id'], 'node-id', 32);
  const commitmentAtxId = hexFlag(values['commitment-atx'], 'commitment-atx', 32);
  const numUnits = intFlag(values.units, 'units', post.minUnits, post.maxUnits);
  const labelsPerUnit = u64Flag(values['labels-per-unit'], 'labels-per-unit', 1n);
  const dir = requiredFlag(values.dir, 'dir');
  const scryptN = powerOfTwoFlag(values['scrypt-n'], post.scryptN);
  const threads = values.threads === undefined ? undefined : intFlag(values.threads, 'threads', 1, 256);
  const maxFileSize = u64Flag(values['max-file-size'], 'max-file-size', 16n, DEFAULT_MAX_FILE_SIZE);
  if (maxFileSize % 16n !== 0n) throw new UsageError('--max-file-size must be a multiple of 16');
  const fromFile = values.from === undefined ? undefined : intFlag(values.from, 'from', 0, 2 ** 31);
  const toFile = values.to === undefined ? undefined : intFlag(values.to, 'to', 0, 2 ** 31);
  const control = new JobControl();
  // No node or second init writes the same folder meanwhile (a refusal names the holder).
  const lock = lockPosDir(dir, 'smesher post init');
  const { metadata, labelsComputed } = await withSignals(
    control,
    initialize({
      dir,
      nodeId,
      commitmentAtxId,
      numUnits,
      labelsPerUnit,
      scryptN,
      maxFileSize,
      control,
      onProgress: progressPrinter(io),
      ...(threads === undefined ? {} : { threads }),
      ...(fromFile === undefined ? {} : { fromFile }),
      ...(toFile === undefined ? {} : { toFile }),
    }),
  ).finally(() => lock.release());
  io.stdout(`initialized ${dir}: ${labelsComputed} labels computed, VRF nonce ${metadata.nonce ?? 'none (subrange)'}`);
  return 0;
}

async function prove(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    dir: { type: 'string' },
    challenge: { type: 'string' },
    nonces: { type: 'string' },
    threads: { type: 'string' },
    k1: { type: 'string' },
    k2: { type: 'string' },
    out: { type: 'string' },
    preset: { type: 'string' },
  });
  const post = presetPost(values.preset);
  const dir = requiredFlag(values.dir, 'dir');
  const challenge = hexFlag(values.challenge, 'challenge', 32);
  const nonces = intFlag(values.nonces, 'nonces', 16, 4096, post.provingNonces);
  if (nonces % 16 !== 0) throw new UsageError('--nonces must be a multiple of 16');
  const control = new JobControl();
  // The data must not change under the prover (an init or a node on the same folder).
  // A missing folder is left to the prover's own error (and not created).
  const lock = existsSync(dir) ? lockPosDir(dir, 'smesher post prove') : undefined;
  const result = await withSignals(
    control,
    generateProof({
      dir,
      challenge,
      nonces,
      k1: intFlag(values.k1, 'k1', 1, 2 ** 31, post.k1),
      k2: intFlag(values.k2, 'k2', 1, 10_000, post.k2),
      threads: intFlag(values.threads, 'threads', 1, 256, 1),
      powDifficulty: hexToBytes(post.powDifficultyHex, 32),
      control,
    }),
  ).finally(() => lock?.release());
  const text = encodeProofFile(result.proof, result.metadata);
  if (values.out === undefined) io.stdout(text.trimEnd());
  else {
    await writeFileAtomic(values.out, text, { mode: 0o644 });
    io.stdout(`proof written to ${values.out}: nonce ${result.proof.nonce}, indices ${result.indices.join(',')}`);
  }
  return 0;
}

function verify(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    dir: { type: 'string' },
    proof: { type: 'string' },
    all: { type: 'boolean' },
    k1: { type: 'string' },
    k2: { type: 'string' },
    k3: { type: 'string' },
    'scrypt-n': { type: 'string' },
    preset: { type: 'string' },
  });
  const post = presetPost(values.preset);
  const dir = requiredFlag(values.dir, 'dir');
  const proofPath = requiredFlag(values.proof, 'proof');
  let text: string;
  try {
    text = readFileSync(proofPath, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --proof ${proofPath}: ${(err as Error).message}`);
  }
  const { proof, metadata } = decodeProofFile(text);
  const posMeta = readMetadata(dir);
  if (posMeta === undefined) throw new PostError('DATA_MISSING', `${dir} has no postdata_metadata.json`);
  if (!equalBytes(posMeta.nodeId, metadata.nodeId) || !equalBytes(posMeta.commitmentAtxId, metadata.commitmentAtxId)) {
    throw new PostError('METADATA_MISMATCH', `the proof is for another identity than the data in ${dir}`);
  }
  if (posMeta.numUnits !== metadata.numUnits || posMeta.labelsPerUnit !== metadata.labelsPerUnit) {
    throw new PostError('METADATA_MISMATCH', `the proof's units/labels per unit differ from the data in ${dir}`);
  }
  const k2 = intFlag(values.k2, 'k2', 1, 10_000, post.k2);
  const scryptN = powerOfTwoFlag(values['scrypt-n'], post.scryptN);
  const mode: VerifyMode = values.all ? { kind: 'all' } : { kind: 'subset', k3: intFlag(values.k3, 'k3', 1, k2, post.k3), seed: randomBytes(32) };
  verifyProof(proof, metadata, {
    k1: intFlag(values.k1, 'k1', 1, 2 ** 31, post.k1),
    k2,
    scryptN,
    powDifficulty: hexToBytes(post.powDifficultyHex, 32),
    minUnits: post.minUnits,
    maxUnits: post.maxUnits,
  }, mode);
  if (posMeta.nonce !== undefined) {
    verifyVrfNonce(posMeta.nodeId, posMeta.commitmentAtxId, posMeta.nonce, BigInt(posMeta.numUnits) * posMeta.labelsPerUnit, scryptN);
  }
  io.stdout(`proof valid: nonce ${proof.nonce}, ${mode.kind === 'all' ? `all ${k2}` : `${mode.k3} of ${k2}`} labels checked${posMeta.nonce === undefined ? '' : `, VRF nonce ${posMeta.nonce} valid`}`);
  return Promise.resolve(0);
}

async function check(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseFlags(args, {
    dir: { type: 'string' },
    fraction: { type: 'string' },
    'scrypt-n': { type: 'string' },
    threads: { type: 'string' },
    preset: { type: 'string' },
  });
  const post = presetPost(values.preset);
  const fraction = values.fraction === undefined ? 0.01 : Number(values.fraction);
  if (!/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(values.fraction ?? '0.01') || !(fraction > 0 && fraction <= 1)) {
    throw new UsageError(`--fraction must be a number in (0, 1], got "${values.fraction}"`);
  }
  const control = new JobControl();
  const result = await withSignals(
    control,
    checkData({
      dir: requiredFlag(values.dir, 'dir'),
      scryptN: powerOfTwoFlag(values['scrypt-n'], post.scryptN),
      fraction,
      threads: intFlag(values.threads, 'threads', 1, 256, 1),
      control,
    }),
  );
  for (const bad of result.bad) io.stderr(`post check: ${bad.file} offset ${bad.offset} (label ${bad.index}): stored label differs from the recomputed one`);
  if (result.bad.length > 0) {
    io.stderr(`post check: ${result.bad.length} of ${result.labelsChecked} checked labels are bad`);
    return 1;
  }
  io.stdout(`post check: ${result.labelsChecked} labels checked, all good`);
  return 0;
}

const SUBCOMMANDS: Readonly<Record<string, (args: readonly string[], io: CommandIO) => Promise<number>>> = { init, prove, verify, check };

export const postCommand: Command = {
  name: 'post',
  summary: 'initialize PoST data, prove, verify proofs, check data',
  usage: USAGE,
  run(args, io) {
    const [sub, ...rest] = args;
    const handler = sub === undefined ? undefined : SUBCOMMANDS[sub];
    if (handler === undefined) throw new UsageError(`expected one of: ${Object.keys(SUBCOMMANDS).join(', ')}${sub === undefined ? '' : `; got "${sub}"`}`);
    return handler(rest, io);
  },
};
