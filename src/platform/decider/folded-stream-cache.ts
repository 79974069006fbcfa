import type { FoldedStream } from './folded-stream.js';

/**
 * The latest folds of the streams used most recently, in this process's memory, at most `capacity`
 * of them (the least recently used go first). A hint that spares reading a stream's older events
 * again, never the truth: a reader folds the events after the kept version onto it, and an append
 * still checks the version in the store. States must be immutable (deciders' evolve returns new ones).
 */
export class FoldedStreamCache<State> {
  private readonly folds = new Map<string, FoldedStream<State>>();

  constructor(readonly capacity: number) {}

  get(streamId: string): FoldedStream<State> | undefined {
    const fold = this.folds.get(streamId);
    if (fold) this.touch(streamId, fold);
    return fold;
  }

  /** Keeps `fold` unless a later one of the stream is kept already (two requests may finish out of order). */
  remember(streamId: string, fold: FoldedStream<State>): void {
    const kept = this.folds.get(streamId);
    this.touch(streamId, kept && kept.version >= fold.version ? kept : fold);
    const oldest = this.folds.keys().next();
    if (this.folds.size > this.capacity && !oldest.done) this.folds.delete(oldest.value);
  }

  get size(): number {
    return this.folds.size;
  }

  /** A Map iterates in insertion order: re-inserting makes the stream the most recently used. */
  private touch(streamId: string, fold: FoldedStream<State>): void {
    this.folds.delete(streamId);
    this.folds.set(streamId, fold);
  }
}
