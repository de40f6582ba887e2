/**
 * Every `smesher` command, in the order `smesher --help` lists them. Add a command by adding its module here.
 * `wallet` reaches a running node through its local API (core/api/server/walletConnect.ts).
 * @module
 */
import type { Command } from '../cli.js';
import { benchCommand } from './bench.js';
import { networkCommand } from './network.js';
import { nodeCommand } from './node.js';
import { poetCommand } from './poet.js';
import { postCommand } from './post.js';
import { presetsCommand } from './presets.js';
import { createWalletCommand } from './wallet.js';
import { connectWalletNode } from '../../api/server/walletConnect.js';

export const COMMANDS: readonly Command[] = [nodeCommand, networkCommand, presetsCommand, postCommand, poetCommand, createWalletCommand({ connectNode: connectWalletNode }), benchCommand];
