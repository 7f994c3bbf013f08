/**
 * Backoff for transient API failures (5xx, 429, lost connections), bounded by a time budget
 * so a deploy rides out an API server that is away for a while (a control-plane upgrade, a
 * load balancer failing over) instead of giving up after a few quick tries.
 */

export interface RetryPolicy {
  /** Total tries, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No retry starts once this long has passed since the first try of a request (default 60 s). */
  readonly budgetMs?: number;
}

/**
 * 60 s of budget outlasts a 30 s outage with room for the backoff's own overshoot:
 * 0.25+0.5+1+2+4+8+8+8 = 31.75 s of delays (before jitter) span it in 9 tries.
 */
export const DEFAULT_RETRY: Required<RetryPolicy> = { attempts: 30, baseDelayMs: 250, maxDelayMs: 8_000, budgetMs: 60_000 };

/** Time as deploy sees it; tests pass a virtual clock so a 30 s outage takes no real time. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms, signal) => sleep(ms, signal) };

/**
 * Delay before try `attempt + 1` (attempt counts from 1): base·2^(attempt−1), capped, with the
 * upper half jittered so many clients retrying together do not stampede the API server. A
 * server's Retry-After (429/503) is honoured in full when it asks for longer: it knows when
 * it will be back, and retrying sooner only adds load.
 */
export function backoffDelay(policy: Omit<RetryPolicy, 'budgetMs'>, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = exp / 2 + (random() * exp) / 2;
  return retryAfterMs !== undefined ? Math.max(delay, retryAfterMs) : delay;
}

/** Why no further try is made, or undefined to go on (after `delayMs`). */
export function retryRefusal(policy: RetryPolicy, attempt: number, elapsedMs: number, delayMs: number): string | undefined {
  if (attempt >= policy.attempts) return `${attempt} tries`;
  const budget = policy.budgetMs ?? DEFAULT_RETRY.budgetMs;
  if (elapsedMs + delayMs > budget) return `${attempt} tries in ${Math.round(elapsedMs / 100) / 10}s; the retry budget is ${Math.round(budget / 1000)}s`;
  return undefined;
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
