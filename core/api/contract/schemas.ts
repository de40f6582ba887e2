/**
 * Argument schemas for every API method (zod): strict objects (unknown keys refused), bounded strings and arrays,
 * integers in range, amounts as decimal uint64 text. The dispatcher validates every call against these before any
 * handler runs, whichever transport it came through. Pure.
 * @module
 */
import { z } from 'zod';
import { EVENT_NAMES, type ApiArgs, type MethodName } from './contract.js';

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 0xffff_ffff;
/** Paths are bounded well above any real path (PATH_MAX is 4096 on Linux). */
const MAX_PATH_CHARS = 4096;
const MAX_NAME_CHARS = 100;
const MAX_PASSWORD_CHARS = 1024;
/** 24 words of at most 8 letters plus separators, with room for extra whitespace. */
const MAX_MNEMONIC_CHARS = 1000;
/** A network file is a few hundred bytes; overrides may add some. Below the WebSocket's message limit. */
export const MAX_NETWORK_FILE_CHARS = 32 * 1024;
/** The widest range of layers or epochs one call may list. */
export const MAX_RANGE = 1000;
export const MAX_LIST_LIMIT = 1000;
/** Wallet transactions are a few hundred bytes; this leaves room for multisig and vault templates. */
export const MAX_RAW_TX_BYTES = 8 * 1024;

const path = z.string().min(1).max(MAX_PATH_CHARS).refine((p) => !p.includes('\0'), 'must not contain NUL');
const name = z.string().min(1).max(MAX_NAME_CHARS);
const password = z.string().min(1).max(MAX_PASSWORD_CHARS);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32 bytes as lowercase hex');
// bech32: a human-readable part, the separator 1, then data characters; the network's prefix is checked by the handler.
const address = z.string().max(120).regex(/^[a-z]{1,20}1[02-9ac-hj-np-z]{6,100}$/, 'expected a bech32 address');
const u64Text = z
  .string()
  .regex(/^\d{1,20}$/, 'expected a whole number as decimal text')
  // Zod runs refinements even after the regex failed: test the shape again before BigInt() can throw.
  .refine((s) => /^\d{1,20}$/.test(s) && BigInt(s) <= U64_MAX, 'above uint64');
const layerOrEpoch = z.int().min(0).max(U32_MAX);
const limit = z.int().min(1).max(MAX_LIST_LIMIT);
const threads = z.int().min(1).max(256);
const eventNames = z.array(z.enum(EVENT_NAMES)).min(1).max(EVENT_NAMES.length);
const noArgs = z.strictObject({});

const range = z
  .strictObject({ from: layerOrEpoch, to: layerOrEpoch })
  .refine((r) => r.to >= r.from && r.to - r.from < MAX_RANGE, `to must be >= from and span fewer than ${MAX_RANGE}`);

/** Method name → its argument schema. Missing or extra keys fail to compile. */
export const ARG_SCHEMAS = {
  'node.status': noArgs,

  'smeshing.options': z.strictObject({ folders: z.array(path).max(16) }),
  'smeshing.benchmark': z.strictObject({ threads: threads.optional() }),
  'smeshing.plan': z.strictObject({
    units: z.int().min(1).max(1_000_000),
    labelsPerSecond: z.number().positive().max(1e12),
    initialProofSeconds: z.number().min(0).max(1e7).optional(),
    labelsDone: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    round: z.int().min(0).max(U32_MAX).optional(),
  }),
  'smeshing.start': z.strictObject({
    postDir: path,
    units: z.array(z.int().min(1).max(1_000_000)).min(1).max(64),
    threads: threads.optional(),
    coinbase: address.optional(),
  }),
  'smeshing.pause': noArgs,
  'smeshing.resume': noArgs,
  'smeshing.stop': noArgs,
  'smeshing.deleteData': z.strictObject({ postDir: path }),
  'smeshing.progress': noArgs,

  'timeline.list': z.strictObject({ smesherId: hex32.optional(), limit: limit.optional() }),

  'rewards.history': z.strictObject({ coinbase: address.optional(), limit: limit.optional() }),
  'rewards.epochs': z.strictObject({ fromEpoch: layerOrEpoch.optional(), toEpoch: layerOrEpoch.optional() }),
  'rewards.upcoming': noArgs,

  'wallet.list': noArgs,
  'wallet.create': z.strictObject({ name, password, words: z.union([z.literal(12), z.literal(24)]).optional() }),
  'wallet.restore': z.strictObject({ name, password, mnemonic: z.string().min(1).max(MAX_MNEMONIC_CHARS) }),
  'wallet.unlock': z.strictObject({ wallet: z.string().min(1).max(MAX_PATH_CHARS), password }),
  'wallet.lock': noArgs,
  'wallet.accounts': noArgs,
  'wallet.balance': z.strictObject({ address }),
  'wallet.send': z.strictObject({
    account: z.int().min(0).max(999),
    to: address,
    amount: u64Text.refine((s) => s !== '0' && !/^0+$/.test(s), 'must be more than 0'),
    gasPrice: u64Text.optional(),
    dryRun: z.boolean().optional(),
  }),
  'wallet.history': z.strictObject({ address }),
  'wallet.importSmapp': z.strictObject({ path, password, name: name.optional() }),

  'tx.submit': z.strictObject({ raw: z.string().max(2 * MAX_RAW_TX_BYTES).regex(/^([0-9a-f]{2})+$/, 'expected lowercase hex bytes') }),

  'network.info': noArgs,
  'network.epochs': range,
  'network.layers': range,
  'network.peers': noArgs,
  'network.presets': noArgs,
  'network.create': z.strictObject({
    name: z.string().min(1).max(64),
    preset: z.enum(['devnet', 'testnet']),
    genesisDelaySeconds: z.int().min(10).max(30 * 24 * 3600).optional(),
    mdns: z.boolean().optional(),
    bootnodes: z.array(z.string().min(1).max(300)).max(32).optional(),
    poetServers: z.array(z.string().min(1).max(300)).min(1).max(8).optional(),
  }),
  'network.join': z.strictObject({ file: z.string().min(1).max(MAX_NETWORK_FILE_CHARS).nullable() }),

  'fs.listFolders': z.strictObject({ path: path.optional() }),
  'dialog.chooseFolder': z.strictObject({ title: z.string().max(MAX_NAME_CHARS).optional(), defaultPath: path.optional() }),
  'dialog.openNetworkFile': noArgs,

  'logs.tail': z.strictObject({ limit: limit.optional(), level: z.enum(['debug', 'info', 'warn', 'error']).optional() }),

  'events.subscribe': z.strictObject({ events: eventNames }),
  'events.unsubscribe': z.strictObject({ events: eventNames }),
} as const satisfies { [M in MethodName]: z.ZodType };

/** Compile-time check that each schema's output fits the contract's argument type (optional keys may be undefined). */
type Loose<T> = { [K in keyof T]: T[K] | undefined };
type SchemaFits = { [M in MethodName]: z.output<(typeof ARG_SCHEMAS)[M]> extends Loose<ApiArgs<M>> ? true : M };
export const SCHEMAS_MATCH_CONTRACT: SchemaFits[MethodName] extends true ? true : never = true;
