/**
 * The node side of the wallet's {@link ConnectWalletNode} port: reaches the node running on a data dir through its
 * local API (endpoint and token files in the data dir), and serves `getAccount` and `submitTransaction` with
 * `wallet.balance` and `tx.submit`. I/O: files and a WebSocket.
 * @module
 */
import { existsSync } from 'node:fs';
import { encodeAddress } from '../../types/address.js';
import { bytesToHex, hexToBytes } from '../../util/bytes.js';
import { CodedError } from '../../util/errors.js';
import type { ConnectWalletNode } from '../../wallet/interface.js';
import { ApiClient } from './client.js';
import { readEndpoint } from './endpoint.js';
import { loadOrCreateToken, tokenPath } from './token.js';


/**
 * Connects to the node running on `dataDir`.
 * @throws {CodedError} NODE_NOT_RUNNING when no node API is recorded there; the client's connect errors
 */
export const connectWalletNode: ConnectWalletNode = async ({ dataDir }) => {
  const endpoint = await readEndpoint(dataDir);
  if (endpoint === undefined || !existsSync(tokenPath(dataDir))) {
    throw new CodedError('NODE_NOT_RUNNING', `this needs a running node's API, and no node is running on ${dataDir} (start one with "smesher node --data-dir ${dataDir}")`);
  }
  const client = await ApiClient.connect({ url: endpoint.url, token: await loadOrCreateToken(dataDir) });
  try {
    const network = await client.request('network.info', {});
    return {
      genesisId: hexToBytes(network.genesisId),
      hrp: network.hrp,
      api: {
        async getAccount(address) {
          const b = await client.request('wallet.balance', { address: encodeAddress(address, network.hrp) });
          // A pending spawn counts for send planning: the next send must not spawn the account again.
          return { balance: BigInt(b.balance), nextNonce: BigInt(b.nextNonce), spawned: b.spawned || b.spawnState === 'pending' };
        },
        async submitTransaction(raw) {
          await client.request('tx.submit', { raw: bytesToHex(raw) });
        },
      },
      close: () => client.close(),
    };
  } catch (err) {
    await client.close();
    throw err;
  }
};
