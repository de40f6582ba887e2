/**
 * Pause, resume and cancel for long PoST jobs: the job awaits {@link JobControl.checkpoint} between batches, which
 * blocks while paused and throws once cancelled. Pure (promises only).
 * @module
 */
import { PostError } from './errors.js';

export class JobControl {
  #paused = false;
  #cancelled = false;
  #wake: (() => void) | undefined;

  get paused(): boolean {
    return this.#paused;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#wake?.();
  }

  cancel(): void {
    this.#cancelled = true;
    this.#wake?.();
  }

  /**
   * Resolves when the job may go on; waits while paused.
   * @throws {PostError} CANCELLED once {@link cancel} was called
   */
  async checkpoint(): Promise<void> {
    while (this.#paused && !this.#cancelled) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    this.#wake = undefined;
    if (this.#cancelled) throw new PostError('CANCELLED', 'cancelled');
  }
}
