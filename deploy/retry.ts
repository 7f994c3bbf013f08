/** Exponential backoff with jitter for transient API failures (5xx, 429, lost connections). */

export interface RetryPolicy {
  /** Total tries, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8_000 };

/**
 * Delay before try `attempt + 1` (attempt counts from 1): base·2^(attempt−1), capped, with the
 * upper half jittered so many clients retrying together do not stampede the API server. A
 * server's Retry-After (429/503) wins when it asks for longer.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = exp / 2 + (random() * exp) / 2;
  return retryAfterMs !== undefined ? Math.min(policy.maxDelayMs, Math.max(delay, retryAfterMs)) : delay;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
