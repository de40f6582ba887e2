/**
 * An HTTP client for one PoET (the activation loop's side of docs/protocol/poet.md §2): JSON over global fetch with a
 * per-request timeout, and retries with exponential backoff on what may pass (network errors, timeouts, 408, 429,
 * 5xx). A 4xx answer is final and comes back as a {@link PoetError} with the server's code. Backoff sleeps on the
 * injected Clock. I/O.
 * @module
 */
import { Buffer } from 'node:buffer';
import { type Clock, sleep } from '../util/clock.js';
import { type Logger, nullLogger } from '../util/logger.js';
import { PoetError, type PoetErrorCode } from './errors.js';
import {
  type ProofResponse,
  parseInfoResponse,
  parseProofResponse,
  parseSubmitResponse,
  submitRequestJson,
} from './rest.js';
import type { Submission } from './service.js';

export interface PoetClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:10010`. */
  readonly url: string;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Per-request timeout (preset `requestTimeoutMs`). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (preset `maxRequestRetries`). */
  readonly retries?: number;
  /** First backoff delay; doubled after each failure up to {@link maxRetryDelayMs} (preset `requestRetryDelayMs`). */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Stand-in for global fetch (tests). */
  readonly fetch?: typeof fetch;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<PoetErrorCode>([
  'BAD_REQUEST',
  'INVALID_SIGNATURE',
  'WRONG_PREFIX',
  'TOO_LATE',
  'ALREADY_REGISTERED',
  'ROUND_FULL',
  'NOT_FOUND',
]);

/**
 * Largest response body read: a proof with 5,550 nodes is about 250 KB of JSON, and 32 MiB leaves room for a
 * member list of about 700,000 challenges.
 */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A failure worth another try. */
class Retryable extends Error {}

export class PoetClient {
  private readonly log: Logger;

  constructor(private readonly options: PoetClientOptions) {
    this.log = (options.logger ?? nullLogger).child({ module: 'poet-client', poet: options.url });
  }

  get url(): string {
    return this.options.url;
  }

  /** `GET /v1/info`. @throws {PoetError} UNAVAILABLE after the retries, BAD_RESPONSE */
  async info(signal?: AbortSignal): Promise<ReturnType<typeof parseInfoResponse>> {
    return parseInfoResponse(await this.request('GET', '/v1/info', undefined, signal));
  }

  /**
   * `POST /v1/submit`: registers for the PoET's open round.
   * @returns the round and when it ends (absolute ms)
   * @throws {PoetError} the server's refusal (TOO_LATE, ALREADY_REGISTERED, INVALID_SIGNATURE, ...), UNAVAILABLE
   */
  async submit(submission: Submission, signal?: AbortSignal): Promise<{ round: number; roundEndMs: number }> {
    const body = await this.request('POST', '/v1/submit', submitRequestJson(submission), signal);
    return parseSubmitResponse(body, this.options.clock.now());
  }

  /**
   * `GET /v1/proofs/{round}`.
   * @returns the proof, or `undefined` while the PoET has none (404)
   * @throws {PoetError} UNAVAILABLE, BAD_RESPONSE
   */
  async proof(round: number, signal?: AbortSignal): Promise<ProofResponse | undefined> {
    try {
      return parseProofResponse(await this.request('GET', `/v1/proofs/${round}`, undefined, signal));
    } catch (err) {
      if (err instanceof PoetError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  private async request(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const retries = this.options.retries ?? 3;
    let delay = this.options.retryDelayMs ?? 1_000;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(method, path, body, signal);
      } catch (err) {
        if (!(err instanceof Retryable) || signal?.aborted) throw err instanceof Retryable ? unavailable(this.url, err) : err;
        if (attempt >= retries) throw unavailable(this.url, err);
        this.log.debug('PoET request failed, retrying', { path, attempt, delayMs: delay, reason: err.message });
        await sleep(this.options.clock, delay, signal);
        delay = Math.min(delay * 2, this.options.maxRetryDelayMs ?? 60_000);
      }
    }
  }

  private async once(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 12_000);
    const doFetch = this.options.fetch ?? fetch;
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
      });
      text = await readLimited(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      if (signal?.aborted || err instanceof PoetError) throw err;
      throw new Retryable(`${method} ${path}: ${(err as Error).message}`);
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      throw new Retryable(`${method} ${path}: HTTP ${res.status}`);
    }
    const json = parseBody(text);
    if (res.ok) return json;
    const code = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).code : undefined;
    const message = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).message : undefined;
    const known: PoetErrorCode = typeof code === 'string' && KNOWN_CODES.has(code) ? (code as PoetErrorCode) : res.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
    throw new PoetError(known, `PoET ${this.url}: ${typeof message === 'string' ? message.slice(0, 200) : `HTTP ${res.status}`}`, { status: res.status });
  }
}

/** Reads a response body of at most `limit` bytes: a PoET must not make the node buffer without end. */
async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > limit) throw new PoetError('BAD_RESPONSE', `PoET response of ${declared} bytes is over ${limit}`);
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw new PoetError('BAD_RESPONSE', `PoET response is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PoetError('BAD_RESPONSE', 'PoET answered with something that is not JSON');
  }
}

function unavailable(url: string, err: Error): PoetError {
  return new PoetError('UNAVAILABLE', `PoET ${url} unavailable: ${err.message}`, {}, { cause: err });
}
