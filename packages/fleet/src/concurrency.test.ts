import { describe, expect, it } from 'vitest';
import { mapConcurrent, Semaphore } from './concurrency.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapConcurrent', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6, 2], 3, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(ms);
      inFlight--;
      return i * 10;
    });
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
  it('refuses a limit below 1', async () => {
    await expect(mapConcurrent([1], 0, async (x) => x)).rejects.toThrow(/at least 1/);
  });
  it('handles an empty list', async () => {
    expect(await mapConcurrent([], 4, async (x) => x)).toEqual([]);
  });
});

describe('Semaphore', () => {
  it('hands out at most size slots, queues the rest and gives up at the deadline', async () => {
    const s = new Semaphore(2);
    const a = await s.acquire(Date.now() + 1000);
    const b = await s.acquire(Date.now() + 1000);
    expect(s.inUse).toBe(2);
    const late = s.acquire(Date.now() + 30);
    expect(s.waiting).toBe(1);
    expect(await late).toBeNull();
    expect(s.waiting).toBe(0);
    const next = s.acquire(Date.now() + 1000);
    a!();
    a!(); // a second release is ignored
    const c = await next;
    expect(c).toBeTypeOf('function');
    expect(s.inUse).toBe(2);
    b!();
    c!();
    expect(s.inUse).toBe(0);
  });
});
