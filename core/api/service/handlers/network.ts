/**
 * `network.create` and `network.join`: a network file for friends (core/params/newNetwork.ts, as `smesher network
 * new` writes it), and moving the node to the network a file defines, or back to standalone, through the host's
 * {@link NetworkSwitch} (NOT_AVAILABLE without one). A file is parsed and checked here, before the host stops
 * anything: a malformed or incompatible one (BAD_NETWORK_FILE) or the network the node already runs (SAME_NETWORK)
 * changes nothing. I/O: randomness for the new network's extra data.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { networkFolderOf } from '../../../node/chosenNetwork.js';
import { parseNetworkFile } from '../../../params/networkFile.js';
import { newNetworkFile } from '../../../params/newNetwork.js';
import { bytesToHex } from '../../../util/bytes.js';
import { CodedError } from '../../../util/errors.js';
import type { NetworkChoiceInfo } from '../../contract/contract.js';
import type { Handlers } from '../dispatch.js';
import { notAvailable } from '../errors.js';
import type { ApiDeps } from '../interface.js';

export class NetworkJoinError extends CodedError<'SAME_NETWORK'> {}

export function networkHandlers(deps: ApiDeps): Pick<Handlers, 'network.create' | 'network.join'> {
  return {
    'network.create': ({ name, preset, genesisDelaySeconds, mdns, bootnodes, poetServers }) => {
      const text = newNetworkFile({
        name,
        preset,
        genesisTimeMs: deps.clock.now() + (genesisDelaySeconds ?? 60) * 1000,
        suffix: randomBytes(4),
        // Friends on one LAN find each other without typing addresses; bootnodes are for the rest.
        mdns: mdns ?? true,
        bootnodes: bootnodes ?? [],
        ...(poetServers === undefined ? {} : { poetServers }),
      });
      const network = parseNetworkFile(text);
      const { folder, genesisId } = networkFolderOf(network);
      const info: NetworkChoiceInfo = { name: network.name, preset: network.preset.name, genesisId: bytesToHex(genesisId), genesisTimeMs: network.genesisTimeMs, folder };
      return Promise.resolve({ text, network: info });
    },
    'network.join': async ({ file }) => {
      const networks = deps.networks;
      if (networks === undefined) throw notAvailable('switching networks (this host cannot restart its node)');
      // Parsed before anything stops: BAD_NETWORK_FILE names the field at fault.
      const target = file === null ? null : parseNetworkFile(file);
      const here = bytesToHex(deps.node.genesisId);
      if (target === null ? networks.current() === null && deps.node.preset.name === 'standalone' : bytesToHex(networkFolderOf(target).genesisId) === here) {
        throw new NetworkJoinError('SAME_NETWORK', `this node already runs ${target === null ? 'standalone' : `the network "${target.name}"`}`);
      }
      return networks.join(target);
    },
  };
}
