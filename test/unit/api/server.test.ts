/**
 * The WebSocket + HTTP host (issue #8 "Bad input"): no token, a wrong token or a foreign Origin is refused;
 * `GET /healthz` answers without a token and reveals nothing; oversized and malformed messages are refused and the
 * node is unaffected; the token file is 0600 and stable; events reach subscribers only; the renderer is served
 * with its CSP and never outside its folder.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { WebSocket } from 'ws';
import { ApiClient } from '../../../core/api/server/client.js';
import { rawText } from '../../../core/api/server/frames.js';
import { ENDPOINT_FILE, readEndpoint } from '../../../core/api/server/endpoint.js';
import { startNodeHost } from '../../../core/api/server/host.js';
import { loadOrCreateToken, tokenPath } from '../../../core/api/server/token.js';
import { MAX_CONNECTIONS, MAX_MESSAGE_BYTES, type ApiServer, startApiServer } from '../../../core/api/server/wsServer.js';
import { MAX_HEAVY_IN_FLIGHT } from '../../../core/api/service/heavyCalls.js';
import { connectWalletNode } from '../../../core/api/server/walletConnect.js';
import { lockDataDir } from '../../../core/node/dataDir.js';
import { encodeAddress } from '../../../core/types/address.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { FUNDED_BALANCE, PRESET, filmPrincipal, fixture, type Fixture } from './helpers.js';

interface Host {
  readonly f: Fixture;
  readonly server: ApiServer;
  readonly token: string;
}

async function host(t: TestContext, rendererDir?: string): Promise<Host> {
  const f = await fixture(t);
  const token = await loadOrCreateToken(f.dataDir);
  const server = await startApiServer({ service: f.service, token, port: 0, ...(rendererDir === undefined ? {} : { rendererDir }) });
  t.after(() => server.close());
  return { f, server, token };
}

interface HttpReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function http(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function parse(text: string): { ok?: boolean; error?: { code: string } } {
  return JSON.parse(text) as { ok?: boolean; error?: { code: string } };
}

async function refusedConnect(options: Parameters<typeof ApiClient.connect>[0], code: string): Promise<void> {
  await assert.rejects(ApiClient.connect(options), (err) => hasErrorCode(err, code));
}

describe('API host: authentication and origin', () => {
  it('GET /healthz answers without a token and reveals nothing', async (t) => {
    const { server, token } = await host(t);
    const reply = await http(`${server.url}/healthz`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body, '{"ok":true}');
    assert.ok(!JSON.stringify(reply.headers).includes(token));
    assert.equal(reply.headers['set-cookie'], undefined);
    // Only GET: anything else on /healthz needs the token like every route.
    assert.equal((await http(`${server.url}/healthz`, { method: 'POST' })).status, 401);
    assert.equal((await http(`${server.url}/api`)).status, 401, 'the API routes need the token even for GET');
  });

  it('refuses a WebSocket without a token, with a wrong one, or from a foreign Origin; accepts ours', async (t) => {
    const { server, token, f } = await host(t);
    await refusedConnect({ url: server.url }, 'UNAUTHORIZED');
    await refusedConnect({ url: server.url, token: 'ab'.repeat(32) }, 'UNAUTHORIZED');
    await refusedConnect({ url: server.url, token: token.slice(1) }, 'UNAUTHORIZED');
    await refusedConnect({ url: server.url, token, origin: 'https://evil.example' }, 'FORBIDDEN_ORIGIN');
    await refusedConnect({ url: server.url, token, origin: 'http://127.0.0.1:1' }, 'FORBIDDEN_ORIGIN');
    assert.equal(server.connections(), 0);

    const client = await ApiClient.connect({ url: server.url, token, origin: server.url });
    t.after(() => client.close());
    const status = await client.request('node.status', {});
    assert.equal(status.network.preset, 'standalone');
    assert.equal(status.identities.length, f.node.identityList.length);
  });

  it('refuses HTTP calls without a token, with a wrong one, from a foreign Origin or a foreign Host', async (t) => {
    const { server, token } = await host(t);
    const body = JSON.stringify({ method: 'node.status', args: {} });
    const post = (headers: Record<string, string>) => http(`${server.url}/api`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const none = await post({});
    assert.equal(none.status, 401);
    assert.equal(parse(none.body).error?.code, 'UNAUTHORIZED');
    assert.equal((await post({ authorization: `Bearer ${'0'.repeat(64)}` })).status, 401);
    const foreign = await post({ authorization: `Bearer ${token}`, origin: 'http://localhost:3000' });
    assert.equal(foreign.status, 403);
    assert.equal(parse(foreign.body).error?.code, 'FORBIDDEN_ORIGIN');
    // A DNS-rebinding page reaches us under its own host name.
    assert.equal((await post({ authorization: `Bearer ${token}`, host: `evil.example:${server.port}` })).status, 403);
    // Another local port (a dev server, any local web page) is another origin.
    assert.equal((await post({ authorization: `Bearer ${token}`, origin: `http://127.0.0.1:${server.port + 1}` })).status, 403);
    // Through an SSH tunnel on another local port the page's origin is the address the browser used: accepted.
    const tunnel = await post({ authorization: `Bearer ${token}`, host: 'localhost:8000', origin: 'http://localhost:8000' });
    assert.equal(tunnel.status, 200);
    assert.equal((await post({ authorization: `Bearer ${token}`, host: 'localhost:8000', origin: 'http://localhost:8001' })).status, 403);
    const ok = await post({ authorization: `Bearer ${token}` });
    assert.equal(ok.status, 200);
    assert.equal(parse(ok.body).ok, true);
    // Unknown methods and bad arguments come back as coded errors in the envelope.
    const unknown = await http(`${server.url}/api`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"method":"node.kill"}' });
    assert.equal(parse(unknown.body).error?.code, 'UNKNOWN_METHOD');
    assert.equal((await http(`${server.url}/api?token=${token}`, { method: 'POST', body: 'not json' })).status, 400);
    assert.equal((await http(`${server.url}/api?token=${token}`)).status, 405);
  });

  it('keeps one 0600 token per data dir across restarts', async (t) => {
    const { f, token } = await host(t);
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal((await stat(tokenPath(f.dataDir))).mode & 0o777, 0o600);
    assert.equal(await loadOrCreateToken(f.dataDir), token);
    await writeFile(tokenPath(f.dataDir), 'garbage', { mode: 0o644 });
    const replaced = await loadOrCreateToken(f.dataDir);
    assert.notEqual(replaced, token);
    assert.equal((await stat(tokenPath(f.dataDir))).mode & 0o777, 0o600);
  });
});

describe('API host: bad messages', () => {
  it('closes a WebSocket that sends more than the size limit (1009) and keeps serving others', async (t) => {
    const { server, token } = await host(t);
    const big = await ApiClient.connect({ url: server.url, token });
    const other = await ApiClient.connect({ url: server.url, token });
    t.after(() => other.close());
    const result = await big.send(JSON.stringify({ id: 1, method: 'node.status', args: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }), 1);
    assert.equal(result.ok, false);
    assert.equal(big.closed?.code, 1009);
    assert.equal((await other.call('node.status', {})).ok, true);
  });

  it('answers malformed and binary frames with BAD_MESSAGE on the same connection', async (t) => {
    const { server, token } = await host(t);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } });
    await new Promise((resolve) => ws.once('open', resolve));
    t.after(() => ws.close());
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(parse(rawText(d))));
    ws.send('not json');
    ws.send(JSON.stringify({ method: 'node.status' })); // no id
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ id: 7, method: 'node.status', args: { x: 1 } }));
    while (replies.length < 4) await new Promise((r) => setTimeout(r, 5));
    const codes = replies.map((r) => (r as { error?: { code: string } }).error?.code);
    assert.deepEqual(codes, ['BAD_MESSAGE', 'BAD_MESSAGE', 'BAD_MESSAGE', 'INVALID_ARGS']);
    assert.equal((replies[3] as { id: number }).id, 7);
  });

  it('refuses an oversized HTTP body with 413', async (t) => {
    const { server, token } = await host(t);
    const reply = await http(`${server.url}/api`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ method: 'node.status', args: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }),
    });
    assert.equal(reply.status, 413);
    assert.equal(parse(reply.body).error?.code, 'MESSAGE_TOO_LARGE');
    assert.equal((await http(`${server.url}/healthz`)).status, 200);
  });
});

describe('API host: events', () => {
  it('delivers subscribed events only, stops after unsubscribe', async (t) => {
    const { server, token, f } = await host(t);
    const client = await ApiClient.connect({ url: server.url, token });
    t.after(() => client.close());
    const seen: string[] = [];
    client.on('atx', () => seen.push('atx-unsubscribed'));
    const stop = await client.subscribe('timeline', (e) => seen.push(e.event));
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: 'aa'.repeat(32), publishEpoch: 3 });
    f.node.events.emit('atx', { id: new Uint8Array(32), smesherId: new Uint8Array(32), publishEpoch: 1, numUnits: 1, weight: 1 } as never);
    await client.request('node.status', {}); // a round trip: pushes sent before the reply have arrived
    assert.deepEqual(seen, ['post_proof']);
    await stop();
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: 'aa'.repeat(32), publishEpoch: 4 });
    await client.request('node.status', {});
    assert.deepEqual(seen, ['post_proof']);
  });
});

describe('API host: the renderer', () => {
  it('serves the built UI with its CSP, never leaves the folder; its files are public, the API is not', async (t) => {
    const f0 = await fixture(t);
    const dist = join(f0.dataDir, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Smesher</title>');
    await writeFile(join(dist, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(f0.dataDir, 'secret.txt'), 'secret');
    const { server, token } = await host(t, dist);
    const page = await http(`${server.url}/?token=${token}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Smesher/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.ok(!page.body.includes(token) && !JSON.stringify(page.headers).includes(token), 'the token is not echoed');
    const asset = await http(`${server.url}/assets/app.js`);
    assert.equal(asset.status, 200);
    assert.match(String(asset.headers['content-type']), /javascript/);
    assert.match((await http(`${server.url}/wallet/send`)).body, /<title>Smesher/, 'client routes get index.html');
    // The UI's files are the public build; a foreign page still cannot load them (Origin) or pose as us (Host).
    assert.equal((await http(`${server.url}/`, { headers: { host: `evil.example:${server.port}` } })).status, 403);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const reply = await http(`${server.url}${path}`);
      assert.equal(reply.status, 404, path);
      assert.ok(!reply.body.includes('secret'), path);
    }
  });

  it('serves the favicon with its content type, without the token; /favicon.ico answers the PNG', async (t) => {
    const f0 = await fixture(t);
    const dist = join(f0.dataDir, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Smesher</title>');
    await writeFile(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(dist, 'favicon.png'), 'png bytes');
    const { server } = await host(t, dist);
    const svg = await http(`${server.url}/favicon.svg`);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    const ico = await http(`${server.url}/favicon.ico`);
    assert.equal(ico.status, 200);
    assert.equal(ico.headers['content-type'], 'image/png');
    assert.equal(ico.body, 'png bytes');
    assert.equal((await http(`${server.url}/other.ico`)).status, 404, 'only the favicon has a fallback');
  });

  it('sets no token cookie, and a cookie is no key: a browser would send it to every local port (issue #17)', async (t) => {
    const f0 = await fixture(t);
    const dist = join(f0.dataDir, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Smesher</title>');
    const { server, token } = await host(t, dist);
    for (const path of ['/', `/?token=${token}`]) assert.equal((await http(`${server.url}${path}`)).headers['set-cookie'], undefined, path);
    for (const cookie of [`smesher_token=${token}`, `smesher_token_${server.port}=${token}`]) {
      const reply = await http(`${server.url}/api`, { method: 'POST', headers: { cookie }, body: '{"method":"node.status"}' });
      assert.equal(reply.status, 401, cookie);
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { cookie } });
      const status = await new Promise<number>((resolve) => {
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('open', () => resolve(101));
        ws.once('error', () => undefined);
      });
      ws.terminate();
      assert.equal(status, 401, cookie);
    }
    // What the page does instead: the token from its own address, in the WebSocket's.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?token=${token}`, { origin: server.url });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.close();
  });
});

describe('API host: limits', () => {
  it(`opens at most ${MAX_CONNECTIONS} WebSockets; one more is refused (503) until one closes`, async (t) => {
    const { server, token } = await host(t);
    const clients = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => ApiClient.connect({ url: server.url, token })));
    t.after(() => Promise.all(clients.map((c) => c.close())));
    await assert.rejects(ApiClient.connect({ url: server.url, token }), (err) => hasErrorCode(err, 'CONNECT_FAILED') && /503/.test((err as Error).message));
    assert.equal((await clients[0]!.call('node.status', {})).ok, true, 'the open ones keep working');
    await clients.pop()!.close();
    const late = await ApiClient.connect({ url: server.url, token });
    await late.close();
  });

  it('64 concurrent smeshing.benchmark calls run one benchmark at a time, and heavy calls are capped (issue #17)', async (t) => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const benchmark = async (threads: number) => {
      runs++;
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      return { threads, scryptN: PRESET.post.scryptN, labelsPerSecond: 100, secondsPerUnit: 1, measuredMs: 30 };
    };
    const f = await fixture(t, { benchmark });
    const token = await loadOrCreateToken(f.dataDir);
    const server = await startApiServer({ service: f.service, token, port: 0 });
    t.after(() => server.close());
    const client = await ApiClient.connect({ url: server.url, token });
    t.after(() => client.close());
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => client.call('smeshing.benchmark', { threads: 1 + (i % 2) })));
    assert.equal(most, 1, 'never two benchmarks at once');
    const ok = results.filter((r) => r.ok);
    const busy = results.filter((r) => !r.ok && r.error.code === 'BUSY');
    assert.equal(ok.length + busy.length, 64);
    assert.ok(ok.length >= 1 && ok.length <= MAX_HEAVY_IN_FLIGHT, `${ok.length} served`);
    assert.ok(runs <= ok.length);
    // Once they are done the node serves the next one.
    assert.equal((await client.call('smeshing.benchmark', { threads: 1 })).ok, true);
  });
});

describe('the host around a node, and the wallet connector', () => {
  it('writes the endpoint file; connectWalletNode reads balances through the API', async (t) => {
    const f = await fixture(t);
    const { openDatabase, STATE_SCHEMA } = await import('../../../core/db/database.js');
    const { applyGenesis } = await import('../../../core/vm/vm.js');
    const networkDir = join(f.dataDir, 'net');
    await mkdir(networkDir);
    const db = openDatabase(join(networkDir, 'state.sql'), STATE_SCHEMA);
    applyGenesis(db, [{ address: filmPrincipal(), balance: FUNDED_BALANCE }]);
    db.close();
    const node = Object.assign(f.node, { networkDir }) as never;
    const started = await startNodeHost({ node, dataDir: f.dataDir, clock: f.node.clock, logger: (await import('../../../core/util/logger.js')).nullLogger, version: 't', listen: { host: '127.0.0.1', port: 0 } });
    t.after(() => started.close());
    assert.equal((await readEndpoint(f.dataDir))?.url, started.server!.url);
    const conn = await connectWalletNode({ dataDir: f.dataDir, preset: 'standalone' });
    t.after(() => conn.close());
    assert.equal(conn.hrp, PRESET.hrp);
    assert.deepEqual(await conn.api.getAccount(filmPrincipal()), { balance: FUNDED_BALANCE, nextNonce: 0n, spawned: false });
    await assert.rejects(conn.api.submitTransaction(new Uint8Array([1, 2])), (err) => hasErrorCode(err, 'NOT_AVAILABLE'));
    assert.equal(encodeAddress(filmPrincipal(), conn.hrp).startsWith(PRESET.hrp), true);
    await started.close();
    assert.equal(await readEndpoint(f.dataDir), undefined);
    await assert.rejects(connectWalletNode({ dataDir: f.dataDir, preset: 'standalone' }), (err) => hasErrorCode(err, 'NODE_NOT_RUNNING'));
  });

  it('records its API address in the data folder lock, and never removes an endpoint file another process wrote (issue #17)', async (t) => {
    const f = await fixture(t);
    const { openDatabase, STATE_SCHEMA } = await import('../../../core/db/database.js');
    const networkDir = join(f.dataDir, 'net');
    await mkdir(networkDir);
    openDatabase(join(networkDir, 'state.sql'), STATE_SCHEMA).close();
    const node = Object.assign(f.node, { networkDir }) as never;
    const lock = lockDataDir(f.dataDir, 'smesher node');
    t.after(() => lock.release());
    const { nullLogger } = await import('../../../core/util/logger.js');
    const started = await startNodeHost({ node, dataDir: f.dataDir, clock: f.node.clock, logger: nullLogger, version: 't', lock, listen: { host: '127.0.0.1', port: 0 } });
    t.after(() => started.close());
    const recorded = JSON.parse(await readFile(join(f.dataDir, 'smesher.lock'), 'utf8')) as { pid: number; api: string };
    assert.deepEqual([recorded.pid, recorded.api], [process.pid, started.server!.url]);
    // Another node (say, one started before the lock existed) wrote its own endpoint meanwhile: ours closing leaves it.
    const theirs = { url: 'http://127.0.0.1:1', pid: process.pid + 1 };
    await writeFile(join(f.dataDir, ENDPOINT_FILE), JSON.stringify(theirs));
    await started.close();
    assert.deepEqual(await readEndpoint(f.dataDir), theirs);
    assert.equal((JSON.parse(await readFile(join(f.dataDir, 'smesher.lock'), 'utf8')) as { api?: string }).api, undefined, 'no API any more');
  });
});
