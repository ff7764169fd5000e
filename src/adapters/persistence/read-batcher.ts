/**
 * Gathers lookups that arrive in the same turn of the event loop into one call of `run`:
 * under load, the requests that one pass over the ready sockets starts share one statement,
 * one round trip and one wake-up of a database backend instead of paying each of those per
 * request. The batch leaves at setImmediate, i.e. as soon as the current pass is done (a
 * lone request waits for nothing but its own turn), or at once when it is full.
 *
 * Nothing is cached or shared between lookups: each batch is a new read, started after every
 * lookup in it was asked for, so each still sees everything committed before it was made.
 * `run` answers positionally (answers[i] for keys[i]); if it fails, every lookup of the batch
 * fails with its error.
 */
export class ReadBatcher<K, V> {
  private pending: Array<{ key: K; resolve: (value: V) => void; reject: (err: unknown) => void }> = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly run: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 64,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  }

  load(key: K): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((p) => p.key)).then(
      (answers) => {
        if (answers.length !== batch.length) throw new Error(`batched read answered ${answers.length} of ${batch.length} lookups`);
        batch.forEach((p, i) => p.resolve(answers[i]!));
      },
    ).catch((err: unknown) => batch.forEach((p) => p.reject(err)));
  }
}
