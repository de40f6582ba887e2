/**
 * The API service: the handlers of every method over the node's ports, one dispatcher, and the node's typed events
 * turned into API events (`timeline`, `progress`, `layer`, `atx`, `reward`, `rewardMissed`, `status`, `log`) for
 * whichever transports subscribe. Transports (core/api/server/wsServer.ts, electron/main/ipc.ts, tests) hold one service.
 * I/O through its ports.
 * @module
 */
import type { AtxRow } from '../../activation/store.js';
import type { LayerTick } from '../../node/layerClock.js';
import type { SyncStatus } from '../../sync/index.js';
import { encodeAddress } from '../../types/address.js';
import { layerStartMs } from '../../types/layers.js';
import type { ActivationEvent, MeshEvent } from '../../types/timeline.js';
import { bytesToHex, hexToBytes } from '../../util/bytes.js';
import { ActivityLog } from './activity.js';
import type { ApiEvents, EventName } from '../contract/contract.js';
import { type Dispatch, type Handlers, createDispatcher } from './dispatch.js';
import { capHeavyCalls } from './heavyCalls.js';
import { activityHandlers } from './handlers/activity.js';
import { fileHandlers } from './handlers/files.js';
import { networkHandlers } from './handlers/network.js';
import { nodeHandlers, nodeStatus } from './handlers/node.js';
import { smeshingHandlers } from './handlers/smeshing.js';
import { createWalletSession } from './handlers/wallet.js';
import type { ApiDeps } from './interface.js';
import { watchMissedRewards } from './missedRewards.js';

export type EventListener = <E extends EventName>(event: E, data: ApiEvents[E]) => void;

export interface ApiService {
  readonly dispatch: Dispatch;
  /** Receives every API event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void;
  /** Publishes an event the node does not emit itself (the host's reward watcher, tests). */
  emit<E extends EventName>(event: E, data: ApiEvents[E]): void;
  /** Detaches from the node and locks the open wallet. The node itself is the host's to close. */
  close(): void;
}

/** Builds the service and starts listening to the node's events. */
export function createApiService(deps: ApiDeps): ApiService {
  const startedMs = deps.clock.now();
  const activity = new ActivityLog(deps.clock);
  const wallet = createWalletSession(deps);
  const handlers: Handlers = capHeavyCalls({
    ...nodeHandlers(deps, startedMs),
    ...networkHandlers(deps),
    ...fileHandlers(),
    ...smeshingHandlers(deps, activity, startedMs),
    ...activityHandlers(deps, activity),
    ...wallet.handlers,
  });
  const dispatch = createDispatcher(handlers, deps.logger);
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, data: ApiEvents[E]): void => {
    for (const listener of listeners) listener(event, data);
  };

  // Identity states change inside the loops; compare on every node event and push `status` only on a change.
  let lastStates = '';
  const checkStatus = (): void => {
    const states = deps.node.identities().map((i) => `${i.smesherId}:${i.state}:${i.error?.code ?? ''}`).join(',');
    if (states === lastStates) return;
    lastStates = states;
    emit('status', nodeStatus(deps, startedMs));
  };
  const onTimeline = (event: ActivationEvent): void => {
    const stamped = activity.record(event);
    if (event.event === 'post_init_progress') {
      emit('progress', { smesherId: event.smesherId, labelsDone: event.labelsDone, labelsTotal: event.labelsTotal, etaSeconds: event.etaSeconds });
    }
    emit('timeline', stamped);
    checkStatus();
  };
  const onLayer = (tick: LayerTick): void => {
    emit('layer', { layer: tick.layer, epoch: tick.epoch, startMs: layerStartMs(deps.node.layers.timing, tick.layer) });
    checkStatus();
  };
  const onMesh = (event: MeshEvent): void => {
    // Applied layers arrive every layer for the whole network: `layer` events already say time moved on.
    if (event.event === 'block_applied') return;
    emit('timeline', activity.record(event));
    if (event.event === 'reward') {
      const { timing } = deps.node.layers;
      emit('reward', {
        layer: event.layer,
        layerTimeMs: layerStartMs(timing, event.layer),
        coinbase: encodeAddress(hexToBytes(event.coinbase), deps.node.preset.hrp),
        smesherId: event.smesherId,
        total: event.totalReward,
        layerReward: event.layerReward,
      });
    }
  };
  const onAtx = (atx: AtxRow): void => {
    emit('atx', { id: bytesToHex(atx.id), smesherId: bytesToHex(atx.smesherId), publishEpoch: atx.publishEpoch, numUnits: atx.numUnits, weight: atx.weight });
  };
  deps.node.events.on('timeline', onTimeline);
  deps.node.events.on('layer', onLayer);
  deps.node.events.on('atx', onAtx);
  deps.node.events.on('mesh', onMesh);
  const onSync = (status: SyncStatus): void => emit('sync', status);
  deps.node.events.on('sync', onSync);
  // Starting, pausing or stopping smeshing changes the identities at once: push the status without waiting for a layer.
  deps.node.events.on('smeshing', checkStatus);
  const stopMissed = watchMissedRewards(deps.node, (data) => emit('rewardMissed', data), deps.logger);
  // Debug lines are for files and `logs.tail`; pushing them to every window would be noise.
  const stopLogs = deps.logs?.onRecord((record) => {
    if (record.level !== 'debug') emit('log', record);
  });

  return {
    dispatch,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    close() {
      deps.node.events.off('timeline', onTimeline);
      deps.node.events.off('layer', onLayer);
      deps.node.events.off('atx', onAtx);
      deps.node.events.off('mesh', onMesh);
      deps.node.events.off('sync', onSync);
      deps.node.events.off('smeshing', checkStatus);
      stopMissed();
      stopLogs?.();
      listeners.clear();
      wallet.close();
    },
  };
}
