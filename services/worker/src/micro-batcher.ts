/**
 * Collects calls made by concurrently processed jobs and runs them as one batch: one SQL
 * statement or one Redis round trip for many comments instead of one each.
 *
 * Nagle-like, so it costs no latency when the worker is idle: a call that finds no batch in
 * flight is run at the end of the current turn of the event loop (with whatever else arrived in
 * it); calls that arrive while a batch is in flight wait for it and go together in the next one,
 * up to `maxSize`. So a batch grows with the load, by itself, and at most `maxInFlight` batches
 * run at once.
 *
 * Each call's promise settles with its own item's result. When a whole batch fails (a deadlock,
 * a poison row that breaks the statement, a dropped connection) and `runOne` is given, every
 * item is tried again alone, so one bad comment fails (and is retried by BullMQ) without its
 * neighbours.
 */
export interface MicroBatcherOptions<In, Out> {
  /** Runs a batch; the result at index i belongs to the item at index i. */
  run: (items: In[]) => Promise<Out[]>;
  /** Runs one item alone: the fallback when a whole batch fails. */
  runOne?: (item: In) => Promise<Out>;
  /** Most items in one batch. */
  maxSize: number;
  /** Batches running at once; while they are all busy, new calls wait for the next one. */
  maxInFlight?: number;
}

interface Pending<In, Out> {
  item: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<In, Out> {
  private queued: Pending<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;

  constructor(private readonly options: MicroBatcherOptions<In, Out>) {
    this.maxInFlight = options.maxInFlight ?? 1;
  }

  /** Resolves with this item's result once its batch has run. */
  call(item: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queued.length === 0) return;
    this.scheduled = true;
    // The end of this turn: calls made by the jobs woken in it join the same batch.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.queued.length > 0) {
      const batch = this.queued.splice(0, this.options.maxSize);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async runBatch(batch: Pending<In, Out>[]): Promise<void> {
    let results: Out[];
    try {
      results = await this.options.run(batch.map((p) => p.item));
      if (results.length !== batch.length)
        throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
    } catch (error) {
      const { runOne } = this.options;
      if (!runOne || batch.length === 1) {
        for (const p of batch) p.reject(error);
        return;
      }
      await Promise.all(
        batch.map((p) =>
          runOne(p.item).then(
            (value) => p.resolve(value),
            (oneError: unknown) => p.reject(oneError),
          ),
        ),
      );
      return;
    }
    batch.forEach((p, i) => p.resolve(results[i]!));
  }
}
