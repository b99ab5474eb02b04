/**
 * Calls remembered by their idempotency key, for adapters whose backend cannot be asked whether a
 * create already happened: a retry with the same key gets the first call's promise instead of a
 * second record. A failed call is forgotten, so it can be retried; only the `limit` most recent
 * keys are kept. Calls without a key always run.
 */
export class CallsByKey<T> {
  private readonly calls = new Map<string, Promise<T>>();
  private readonly limit: number;

  constructor(limit = 100) {
    this.limit = limit;
  }

  run(key: string | undefined, call: () => Promise<T>): Promise<T> {
    if (!key) return call();
    const known = this.calls.get(key);
    if (known) return known;
    const promise = call();
    this.calls.set(key, promise);
    promise.catch(() => this.calls.delete(key));
    if (this.calls.size > this.limit) this.calls.delete(this.calls.keys().next().value!);
    return promise;
  }
}
