/**
 * The PoET REST service over node:http (docs/protocol/poet.md §2): `GET /v1/info`, `POST /v1/submit`,
 * `GET /v1/proofs/{round}`, and `GET /v1/pow_params` (difficulty 0) for older clients. Bad input gets a status and
 * a JSON body `{code, message}` and changes nothing; request bodies are capped and slow requests time out.
 * Statuses follow grpc-gateway's mapping of the Go PoET's gRPC codes (InvalidArgument and FailedPrecondition → 400,
 * AlreadyExists → 409, NotFound → 404, ResourceExhausted → 429), so clients written for it read ours the same way.
 * I/O.
 * @module
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../util/clock.js';
import { CodedError } from '../util/errors.js';
import { type Logger, nullLogger } from '../util/logger.js';
import { PoetError, type PoetErrorCode } from './errors.js';
import { infoJson, parseRoundId, parseSubmitRequest, proofJson, submitResponseJson, toBase64 } from './rest.js';
import type { PoetService } from './service.js';

/** A submit body is about 300 bytes; 16 KiB leaves room for a certificate and nothing more. */
export const MAX_BODY_BYTES = 16 * 1024;
/** A whole request (headers and body) must arrive within this time. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** Open connections at once; smeshers register once per round, so this is generous. */
const MAX_CONNECTIONS = 1024;
/** The PoW challenge `/v1/pow_params` names; irrelevant at difficulty 0. */
const POW_CHALLENGE = new Uint8Array(32);

const STATUS: Record<PoetErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_SIGNATURE: 400,
  WRONG_PREFIX: 400,
  TOO_LATE: 400,
  ALREADY_REGISTERED: 409,
  ROUND_FULL: 429,
  NOT_FOUND: 404,
  INVALID_PROOF: 500,
  BAD_STATE: 500,
  BAD_RESPONSE: 502,
  UNAVAILABLE: 503,
  STOPPED: 503,
};

/** An HTTP-level refusal (route, method, size) with its status. */
class HttpRefusal extends CodedError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

export interface PoetHttpOptions {
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly maxBodyBytes?: number;
  readonly requestTimeoutMs?: number;
}

/** The REST front end of one {@link PoetService}. */
export class PoetHttpServer {
  private readonly server: Server;
  private readonly log: Logger;
  private readonly maxBodyBytes: number;

  constructor(
    private readonly service: PoetService,
    private readonly options: PoetHttpOptions,
  ) {
    this.log = (options.logger ?? nullLogger).child({ module: 'poet-http' });
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const timeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.server = createServer({ requestTimeout: timeout, headersTimeout: timeout, keepAliveTimeout: 5_000 }, (req, res) => {
      void this.handle(req, res);
    });
    this.server.maxConnections = MAX_CONNECTIONS;
  }

  /**
   * Starts listening.
   * @param port - 0 picks a free port
   * @returns the base URL (`http://127.0.0.1:PORT`)
   * @throws the listen error (port in use)
   */
  listen(port: number, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address() as AddressInfo;
        const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        resolve(`http://${shown}:${address.port}`);
      });
    });
  }

  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      const body = await this.route(req, path);
      send(res, 200, body);
    } catch (err) {
      const [status, code, message] = describe(err);
      if (status >= 500) this.log.warn('request failed', { path, status, error: err as Error });
      else this.log.debug('request refused', { path, status, code });
      // A body we refused to read must not be parsed as the next request: close the connection after answering.
      if (status === 413) res.setHeader('connection', 'close');
      send(res, status, { code, message });
    }
  }

  private async route(req: IncomingMessage, path: string): Promise<unknown> {
    if (path === '/v1/info') {
      allow(req, 'GET');
      return infoJson(this.service.info());
    }
    if (path === '/v1/submit') {
      allow(req, 'POST');
      const submission = parseSubmitRequest(parseJson(await readBody(req, this.maxBodyBytes)));
      const result = await this.service.submit(submission);
      return submitResponseJson(result, this.options.clock.now());
    }
    if (path === '/v1/pow_params') {
      // Deprecated registration PoW: clients that still ask get difficulty 0, which any nonce meets.
      allow(req, 'GET');
      return { powParams: { difficulty: 0, challenge: toBase64(POW_CHALLENGE) } };
    }
    const match = /^\/v1\/proofs\/([^/]+)$/.exec(path);
    if (match !== null) {
      allow(req, 'GET');
      const round = parseRoundId(decodePathSegment(match[1]!), 'request');
      return proofJson(await this.service.proof(round), this.service.publicKey);
    }
    throw new HttpRefusal(404, 'NOT_FOUND', `no route ${path}`);
  }
}

function allow(req: IncomingMessage, method: string): void {
  if (req.method !== method) throw new HttpRefusal(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here, use ${method}`);
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new PoetError('BAD_REQUEST', 'malformed percent-encoding in the path');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PoetError('BAD_REQUEST', 'body is not valid JSON');
  }
}

/** Reads a UTF-8 body of at most `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tooLarge(limit: number): HttpRefusal {
  return new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', `body larger than ${limit} bytes`);
}

function describe(err: unknown): [number, string, string] {
  if (err instanceof HttpRefusal) return [err.status, err.code, err.message];
  if (err instanceof PoetError) return [STATUS[err.code], err.code, err.message];
  return [500, 'INTERNAL', 'internal error'];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
