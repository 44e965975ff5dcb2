/**
 * A fixed-window request limit per client address, in memory: each instance counts its own
 * requests (behind a load balancer the limit is per instance). The map is bounded: when it is
 * full, expired windows go first, then the oldest addresses, so a flood of addresses costs
 * memory no larger than `maxAddresses` entries.
 */
export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
  maxAddresses?: number;
}

export const DEFAULT_MAX_ADDRESSES = 10_000;

export const createRateLimiter = ({
  requests,
  windowSeconds,
  maxAddresses = DEFAULT_MAX_ADDRESSES,
}: RateLimitOptions) => {
  const windowMs = windowSeconds * 1000;
  const windows = new Map<string, { start: number; count: number }>();

  const evict = (now: number) => {
    for (const [address, w] of windows) if (now - w.start >= windowMs) windows.delete(address);
    // Maps iterate in insertion order: the first keys are the oldest windows.
    for (const address of windows.keys()) {
      if (windows.size < maxAddresses) break;
      windows.delete(address);
    }
  };

  return {
    /** Whether one more request from `address` is allowed now; counts it when it is. */
    take(address: string, now = Date.now()): boolean {
      let w = windows.get(address);
      if (w && now - w.start >= windowMs) {
        windows.delete(address);
        w = undefined;
      }
      if (!w) {
        if (windows.size >= maxAddresses) evict(now);
        w = { start: now, count: 0 };
        windows.set(address, w);
      }
      if (w.count >= requests) return false;
      w.count += 1;
      return true;
    },
    /** Seconds until `address` may send again (for Retry-After). */
    retryAfter(address: string, now = Date.now()): number {
      const w = windows.get(address);
      return w ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
    },
    get size() {
      return windows.size;
    },
  };
};

export type RateLimiter = ReturnType<typeof createRateLimiter>;
