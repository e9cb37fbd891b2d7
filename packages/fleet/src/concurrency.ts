/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the
 * results in input order. `fn` must not throw for one item to stop the rest:
 * a rejection rejects the whole run.
 *
 * @example
 * ```ts
 * const sizes = await mapConcurrent(['a', 'bb'], 8, async (s) => s.length); // [1, 2]
 * ```
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * A counting semaphore whose waiters give up at a deadline.
 *
 * @example
 * ```ts
 * const slots = new Semaphore(4);
 * const release = await slots.acquire(Date.now() + 5000); // null when no slot came in time
 * try { ... } finally { release?.(); }
 * ```
 */
export class Semaphore {
  #free: number;
  readonly #waiters: { grant: () => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`the limit must be a whole number of at least 1, not ${size}`);
    this.#free = size;
  }

  /** Slots in use. */
  get inUse(): number {
    return this.size - this.#free;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves to a release function, or to null when the deadline (epoch ms) passes first. */
  acquire(deadline: number): Promise<(() => void) | null> {
    const release = () => {
      const waiter = this.#waiters.shift();
      if (waiter) waiter.grant();
      else this.#free++;
    };
    const once = () => {
      let done = false;
      return () => {
        if (!done) {
          done = true;
          release();
        }
      };
    };
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(once());
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(once());
        },
      };
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        resolve(null);
      }, Math.max(0, deadline - Date.now()));
      this.#waiters.push(waiter);
    });
  }
}
