/**
 * Shared fixtures for the API tests: a node double exposing exactly the {@link ApiNode} port (a real layer clock
 * on a fake clock, typed events, scripted identities), an in-memory state database with funded genesis accounts,
 * and a service wired to them. No network, no prover.
 * @module
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { IdentityInfo, NodeEvents } from '../../../core/node/node.js';
import { LayerClock } from '../../../core/node/layerClock.js';
import { getPreset } from '../../../core/params/presets.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { applyGenesis } from '../../../core/vm/vm.js';
import { FakeClock } from '../../../core/util/clock.js';
import { createLogger, type LogSink } from '../../../core/util/logger.js';
import type { AccountsPort, ApiDeps, ApiNode } from '../../../core/api/service/interface.js';
import { type ApiService, createApiService } from '../../../core/api/service/service.js';
import { stateAccounts } from '../../../core/api/service/stateReader.js';
import { LogBuffer } from '../../../core/api/server/logBuffer.js';
import type { SignedAtxRow } from '../../../core/activation/localStore.js';
import type { AtxRow } from '../../../core/activation/store.js';
import { hexToBytes } from '../../../core/util/bytes.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { deriveAccountKey } from '../../../core/wallet/keys.js';
import { mnemonicToSeed } from '../../../core/wallet/mnemonic.js';

export const PRESET = getPreset('standalone');
export const GENESIS_MS = 1_800_000_000_000;
export const SMESHER_A = 'aa'.repeat(32);
export const COINBASE_A = '00000000' + '11'.repeat(20);
/** docs/protocol/vectors.md §7's wallet mnemonic; account 0 gets a genesis balance in the fixture state. */
export const FILM_MNEMONIC = 'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
export const FUNDED_BALANCE = 5_000_000_000n;

/** A fresh temp folder removed after the test. */
export async function tempDir(t: TestContext, prefix = 'smesher-api-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export interface FakeNode extends Omit<ApiNode, 'consensus' | 'p2p'> {
  consensus: ApiNode['consensus'];
  p2p: ApiNode['p2p'];
  readonly clock: FakeClock;
  identityList: IdentityInfo[];
  atxs: Map<number, AtxRow[]>;
  signed: SignedAtxRow[];
}

export function fakeNode(): FakeNode {
  const clock = new FakeClock(GENESIS_MS + 25 * PRESET.layerDurationMs + 1);
  const timing = { genesisTimeMs: GENESIS_MS, layerDurationMs: PRESET.layerDurationMs, layersPerEpoch: PRESET.layersPerEpoch };
  const node: FakeNode = {
    clock,
    p2p: null,
    identityList: [
      { smesherId: SMESHER_A, numUnits: 2, postDir: '/data/post-0', coinbase: COINBASE_A, state: 'sleeping', error: null, malicious: null },
    ],
    atxs: new Map(),
    signed: [],
    events: new EventEmitter<NodeEvents>(),
    preset: PRESET,
    genesisTimeMs: GENESIS_MS,
    genesisId: hexToBytes('ab'.repeat(20)),
    goldenAtxId: hexToBytes('cd'.repeat(32)),
    layers: new LayerClock(clock, timing),
    poet: undefined,
    consensus: undefined,
    identities: () => node.identityList,
    listAtxs: (epoch) => node.atxs.get(epoch) ?? [],
    signedAtxs: () => node.signed,
  };
  return node;
}

/** Account 0 of {@link FILM_MNEMONIC}'s wallet principal. */
export function filmPrincipal(): Uint8Array {
  return walletPrincipal(deriveAccountKey(mnemonicToSeed(FILM_MNEMONIC), 0).publicKey);
}

export function memoryState(t: TestContext): Executor {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  t.after(() => db.close());
  applyGenesis(db, [{ address: filmPrincipal(), balance: FUNDED_BALANCE }]);
  return db;
}

export interface Fixture {
  readonly node: FakeNode;
  readonly service: ApiService;
  readonly dataDir: string;
  readonly state: Executor;
  readonly logs: LogBuffer;
  /** Every line the service's logger wrote. */
  readonly logLines: string[];
  readonly submitted: Uint8Array[];
}

/** A service over {@link fakeNode} with account state, logs, and a recording submit. `overrides` replace deps. */
export async function fixture(t: TestContext, overrides: { [K in keyof ApiDeps]?: ApiDeps[K] | undefined } = {}): Promise<Fixture> {
  const node = fakeNode();
  const dataDir = await tempDir(t);
  const state = memoryState(t);
  const logLines: string[] = [];
  const sink: LogSink = { write: (line) => logLines.push(line) };
  const logs = new LogBuffer({ next: sink, now: () => node.clock.now() });
  const submitted: Uint8Array[] = [];
  const accounts: AccountsPort = {
    ...stateAccounts(state),
    submitTransaction: (raw) => {
      submitted.push(raw);
      return Promise.resolve();
    },
  };
  const deps: Record<string, unknown> = {
    node,
    dataDir,
    clock: node.clock,
    logger: createLogger({ sink: logs, format: 'json', level: 'debug' }),
    version: '0.1.0-test',
    accounts,
    logs,
    keystore: { kdfIterations: 1000 },
    benchmark: (threads: number) => Promise.resolve({ threads, scryptN: PRESET.post.scryptN, labelsPerSecond: 100, secondsPerUnit: 1, measuredMs: 1 }),
    ...overrides,
  };
  // An override of `undefined` removes the port: the service must then answer NOT_AVAILABLE.
  for (const key of Object.keys(deps)) if (deps[key] === undefined) delete deps[key];
  const service = createApiService(deps as unknown as ApiDeps);
  t.after(() => service.close());
  return { node, service, dataDir, state, logs, logLines, submitted };
}
