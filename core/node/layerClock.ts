/**
 * Layers and epochs on the injected Clock (docs/protocol/time.md §1): the current layer, and a ticker that calls
 * back at the start of every layer, catching up layer by layer after a pause (a laptop that slept) so no layer is
 * skipped silently. I/O: the clock.
 * @module
 */
import { type LayerTiming, epochOfLayer, layerAt, layerStartMs } from '../types/layers.js';
import { type Clock, abortReason } from '../util/clock.js';

export interface LayerTick {
  readonly layer: number;
  readonly epoch: number;
}

export class LayerClock {
  constructor(
    private readonly clock: Clock,
    readonly timing: LayerTiming,
  ) {}

  currentLayer(): number {
    return layerAt(this.timing, this.clock.now());
  }

  currentEpoch(): number {
    return epochOfLayer(this.currentLayer(), this.timing.layersPerEpoch);
  }

  /** Resolves when `layer` has started. @throws the signal's reason when aborted */
  awaitLayer(layer: number, signal?: AbortSignal): Promise<void> {
    return this.clock.sleepUntil(layerStartMs(this.timing, layer), signal);
  }

  /**
   * Calls `onLayer` at the start of each layer from the current one on, until `signal` aborts. Resolves then.
   * @throws what `onLayer` throws
   */
  async run(onLayer: (tick: LayerTick) => void, signal: AbortSignal): Promise<void> {
    let layer = this.currentLayer();
    try {
      for (;;) {
        await this.awaitLayer(layer, signal);
        onLayer({ layer, epoch: epochOfLayer(layer, this.timing.layersPerEpoch) });
        layer++;
      }
    } catch (err) {
      if (signal.aborted && err === abortReason(signal)) return;
      if (signal.aborted) return;
      throw err;
    }
  }
}
