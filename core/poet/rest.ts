/**
 * The REST contract's JSON (docs/protocol/poet.md §2; poet `rpc/api/v1/api.proto` through grpc-gateway): protojson
 * shapes, so go-spacemesh's PoET client and this one read the same bytes. Bytes are standard base64, uint64 are
 * decimal strings, durations are `"<seconds>s"`, timestamps RFC 3339. Requests accept proto (snake_case) and JSON
 * (camelCase) field names, as protojson does, and reject unknown fields. Parsing throws BAD_REQUEST (server side) or
 * BAD_RESPONSE (client side) naming the field. Pure.
 * @module
 */
import { Buffer } from 'node:buffer';
import { PoetError, type PoetErrorCode } from './errors.js';
import { NODE_SIZE } from './hash.js';
import { MAX_PROOF_NODES } from './codec.js';
import type { PoswProof } from './proof.js';
import type { RoundProof } from './roundStore.js';
import type { ServiceInfo, Submission, SubmitResult } from './service.js';

const BASE64_RE = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
/** Members a proof response may list (poet's default MaxRoundMembers is 1 << 32; this bounds client memory). */
const MAX_MEMBERS = 1 << 20;

type Side = 'request' | 'response';

function fail(side: Side, message: string): PoetError {
  const code: PoetErrorCode = side === 'request' ? 'BAD_REQUEST' : 'BAD_RESPONSE';
  return new PoetError(code, message);
}

/** Standard base64 of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Decodes base64 (standard or URL-safe, padding optional), of exactly `length` bytes when given. */
export function fromBase64(value: unknown, field: string, side: Side, length?: number): Uint8Array {
  if (typeof value !== 'string' || !BASE64_RE.test(value)) throw fail(side, `${field}: expected base64`);
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (length !== undefined && bytes.length !== length) {
    throw fail(side, `${field}: expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** A protojson Duration: `"30s"`, `"1.5s"`. */
export function formatDuration(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** Parses a protojson Duration to milliseconds. */
export function parseDuration(value: unknown, field: string, side: Side): number {
  if (typeof value !== 'string' || !/^-?\d+(\.\d{1,9})?s$/.test(value)) throw fail(side, `${field}: expected a duration like "30s"`);
  return Math.round(Number(value.slice(0, -1)) * 1000);
}

function asObject(value: unknown, what: string, side: Side): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(side, `${what}: expected a JSON object`);
  return value as Record<string, unknown>;
}

/** Reads an object's fields by JSON or proto name, refusing any field not in `known` (camelCase → snake_case). */
function fields(obj: Record<string, unknown>, known: Record<string, string>, what: string, side: Side): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const byName = new Map<string, string>();
  for (const [json, proto] of Object.entries(known)) {
    byName.set(json, json);
    byName.set(proto, json);
  }
  for (const [key, value] of Object.entries(obj)) {
    const name = byName.get(key);
    if (name === undefined) throw fail(side, `${what}: unknown field "${key}"`);
    if (value !== null) out.set(name, value);
  }
  return out;
}

const SUBMIT_FIELDS = {
  challenge: 'challenge',
  pubkey: 'pubkey',
  prefix: 'prefix',
  signature: 'signature',
  deadline: 'deadline',
  nonce: 'nonce',
  powParams: 'pow_params',
  certificate: 'certificate',
  certificatePubkeyHint: 'certificate_pubkey_hint',
};

/**
 * Parses a `POST /v1/submit` body. Lengths are checked here: challenge 32, pubkey 32, signature 64. The deprecated
 * PoW fields and the certificate are accepted and ignored: this PoET admits every correctly signed registration.
 * @throws {PoetError} BAD_REQUEST naming the field
 */
export function parseSubmitRequest(body: unknown): Submission {
  const f = fields(asObject(body, 'submit request', 'request'), SUBMIT_FIELDS, 'submit request', 'request');
  const deadline = f.get('deadline');
  let deadlineMs: number | undefined;
  if (deadline !== undefined) {
    const parsed = typeof deadline === 'string' && /^\d{4}-\d\d-\d\dT/.test(deadline) ? Date.parse(deadline) : NaN;
    if (Number.isNaN(parsed)) throw fail('request', 'deadline: expected an RFC 3339 timestamp');
    deadlineMs = parsed;
  }
  const submission: Submission = {
    challenge: fromBase64(f.get('challenge'), 'challenge', 'request', NODE_SIZE),
    nodeId: fromBase64(f.get('pubkey'), 'pubkey', 'request', 32),
    prefix: f.has('prefix') ? fromBase64(f.get('prefix'), 'prefix', 'request') : new Uint8Array(),
    signature: fromBase64(f.get('signature'), 'signature', 'request', 64),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  };
  return submission;
}

/** The JSON body of a submit request (client side). */
export function submitRequestJson(submission: Submission): Record<string, string> {
  return {
    challenge: toBase64(submission.challenge),
    pubkey: toBase64(submission.nodeId),
    prefix: toBase64(submission.prefix),
    signature: toBase64(submission.signature),
    ...(submission.deadlineMs === undefined ? {} : { deadline: new Date(submission.deadlineMs).toISOString() }),
  };
}

/** `SubmitResponse{round_id, round_end}`: round end as the time left from `nowMs`. */
export function submitResponseJson(result: SubmitResult, nowMs: number): Record<string, string> {
  return { roundId: String(result.round), roundEnd: formatDuration(Math.max(0, result.roundEndMs - nowMs)) };
}

/**
 * Parses a submit response (client side).
 * @returns the round and its end as an absolute time
 * @throws {PoetError} BAD_RESPONSE
 */
export function parseSubmitResponse(body: unknown, nowMs: number): { round: number; roundEndMs: number } {
  const f = fields(asObject(body, 'submit response', 'response'), { roundId: 'round_id', roundEnd: 'round_end' }, 'submit response', 'response');
  return {
    round: parseRoundId(f.get('roundId'), 'response'),
    roundEndMs: nowMs + parseDuration(f.get('roundEnd') ?? '0s', 'roundEnd', 'response'),
  };
}

/** `InfoResponse{service_pubkey, phase_shift, cycle_gap}`. */
export function infoJson(info: ServiceInfo): Record<string, string> {
  return {
    servicePubkey: toBase64(info.servicePubkey),
    phaseShift: formatDuration(info.phaseShiftMs),
    cycleGap: formatDuration(info.cycleGapMs),
  };
}

/** Parses an info response. @throws {PoetError} BAD_RESPONSE */
export function parseInfoResponse(body: unknown): { servicePubkey: Uint8Array; phaseShiftMs: number; cycleGapMs: number } {
  const known = { servicePubkey: 'service_pubkey', phaseShift: 'phase_shift', cycleGap: 'cycle_gap', certifier: 'certifier' };
  const f = fields(asObject(body, 'info response', 'response'), known, 'info response', 'response');
  return {
    servicePubkey: fromBase64(f.get('servicePubkey'), 'servicePubkey', 'response', 32),
    phaseShiftMs: parseDuration(f.get('phaseShift'), 'phaseShift', 'response'),
    cycleGapMs: parseDuration(f.get('cycleGap'), 'cycleGap', 'response'),
  };
}

/** `ProofResponse{proof: PoetProof{proof: MerkleProof, members, leaves}, pubkey}`. */
export function proofJson(result: RoundProof, servicePubkey: Uint8Array): Record<string, unknown> {
  const { proof } = result;
  return {
    proof: {
      proof: {
        root: toBase64(proof.root),
        provenLeaves: proof.provenLeaves.map(toBase64),
        proofNodes: proof.proofNodes.map(toBase64),
      },
      members: result.members.map(toBase64),
      leaves: String(proof.leafCount),
    },
    pubkey: toBase64(servicePubkey),
  };
}

/** A proof response as the client reads it. */
export interface ProofResponse {
  readonly proof: PoswProof;
  /** Challenges in membership-tree order. */
  readonly members: readonly Uint8Array[];
  readonly servicePubkey: Uint8Array;
}

function nodeList(value: unknown, field: string, max: number): Uint8Array[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > max) throw fail('response', `${field}: expected a list of at most ${max}`);
  return value.map((v, i) => fromBase64(v, `${field}[${i}]`, 'response', NODE_SIZE));
}

/** Parses a proof response. @throws {PoetError} BAD_RESPONSE */
export function parseProofResponse(body: unknown): ProofResponse {
  const top = fields(asObject(body, 'proof response', 'response'), { proof: 'proof', pubkey: 'pubkey' }, 'proof response', 'response');
  const poetProof = fields(asObject(top.get('proof'), 'proof', 'response'), { proof: 'proof', members: 'members', leaves: 'leaves' }, 'proof', 'response');
  const merkle = fields(
    asObject(poetProof.get('proof'), 'proof.proof', 'response'),
    { root: 'root', provenLeaves: 'proven_leaves', proofNodes: 'proof_nodes' },
    'proof.proof',
    'response',
  );
  const leaves = poetProof.get('leaves');
  const leafCount = typeof leaves === 'string' && /^\d{1,16}$/.test(leaves) ? Number(leaves) : typeof leaves === 'number' ? leaves : NaN;
  if (!Number.isSafeInteger(leafCount) || leafCount < 0) throw fail('response', 'leaves: expected a count');
  return {
    proof: {
      root: fromBase64(merkle.get('root'), 'root', 'response', NODE_SIZE),
      provenLeaves: nodeList(merkle.get('provenLeaves'), 'provenLeaves', 255),
      proofNodes: nodeList(merkle.get('proofNodes'), 'proofNodes', MAX_PROOF_NODES),
      leafCount,
    },
    members: nodeList(poetProof.get('members'), 'members', MAX_MEMBERS),
    servicePubkey: fromBase64(top.get('pubkey'), 'pubkey', 'response', 32),
  };
}

/** A round id from a path or a response: a decimal below 2^53. */
export function parseRoundId(value: unknown, side: Side): number {
  if (typeof value !== 'string' || !/^(0|[1-9]\d{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw fail(side, `round id: expected a decimal number, got ${JSON.stringify(value)?.slice(0, 24)}`);
  }
  return Number(value);
}
