/**
 * Every `smesher` command, in the order `smesher --help` lists them. Add a command by adding its module here.
 * @module
 */
import type { Command } from '../cli.js';
import { benchCommand } from './bench.js';
import { nodeCommand } from './node.js';
import { poetCommand } from './poet.js';
import { postCommand } from './post.js';
import { presetsCommand } from './presets.js';
import { walletCommand } from './wallet.js';

export const COMMANDS: readonly Command[] = [nodeCommand, presetsCommand, postCommand, poetCommand, walletCommand, benchCommand];
