/**
 * A thin Kubernetes API client: the kubeconfig's credentials and TLS settings come from
 * @kubernetes/client-node (tokens, client certificates, exec and OIDC plugins, proxies); the
 * requests are plain HTTP so deploy controls timeouts, retries, aborts and reads the API's
 * Status bodies (reasons, field-level conflict causes) as they are.
 */
import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_RETRY, SYSTEM_CLOCK, backoffDelay, retryRefusal, type Clock, type RetryPolicy } from './retry';
import type { LoadedKubeConfig } from './kubeconfig';

export interface ApiRequest {
  readonly method: 'GET' | 'PATCH' | 'DELETE' | 'PUT' | 'POST';
  readonly path: string;
  readonly query?: Record<string, string | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

export interface StatusCause {
  readonly type?: string;
  readonly message?: string;
  readonly field?: string;
}

/** The API server answered with an error Status. */
export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly apiMessage: string,
    readonly causes: readonly StatusCause[],
    readonly request: string,
  ) {
    super(`${request}: ${status} ${reason}: ${apiMessage}`);
  }
}

/** No answer: refused, reset, DNS, TLS, or no response within the request timeout (after retries). */
export class KubeConnectionError extends Error {}

export interface ClientOptions {
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly signal?: AbortSignal;
  /** Time for the retry budget and backoff sleeps (tests inject a virtual one). */
  readonly clock?: Clock;
  /** Called before each retry, for progress lines. */
  readonly onRetry?: (what: string, problem: string, attempt: number, delayMs: number) => void;
}

interface Transport {
  readonly headers: Record<string, string>;
  readonly agent?: http.Agent;
  readonly auth?: string;
}

export class KubeClient {
  readonly requestTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly clock: Clock;

  private constructor(
    readonly server: string,
    private readonly transport: Transport,
    private readonly opts: ClientOptions,
  ) {
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.clock = opts.clock ?? SYSTEM_CLOCK;
  }

  static async connect(loaded: LoadedKubeConfig, opts: ClientOptions = {}): Promise<KubeClient> {
    const httpsOpts: https.RequestOptions = {};
    await transportConfig(loaded).applyToHTTPSOptions(httpsOpts);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(httpsOpts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
    return new KubeClient(loaded.server, { headers, agent: keepAliveAgent(loaded, httpsOpts), auth: httpsOpts.auth ?? undefined }, opts);
  }

  /** Closes kept-alive connections, so the process can exit at once. */
  close(): void {
    this.transport.agent?.destroy();
  }

  /**
   * The same connection without the abort signal, for the little that must still be sent
   * after Ctrl-C (giving back the deploy lock). Closing this client closes that one.
   */
  detached(): KubeClient {
    const { signal: _s, ...rest } = this.opts;
    return new KubeClient(this.server, this.transport, rest);
  }

  get signal(): AbortSignal | undefined {
    return this.opts.signal;
  }

  /**
   * Sends a request, retrying 5xx, 429 and connection failures with backoff (honouring
   * Retry-After) until the policy's tries or time budget run out.
   */
  async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
    const what = `${req.method} ${req.path}`;
    const started = this.clock.now();
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      let retryAfterMs: number | undefined;
      let apiError: KubeApiError | undefined;
      try {
        const res = await this.once(req);
        if (res.status < 400) return { status: res.status, body: res.body as T };
        apiError = toApiError(res.status, res.body, what);
        if (!(res.status >= 500 || res.status === 429)) throw apiError;
        problem = `${res.status} ${apiError.reason}`;
        retryAfterMs = res.retryAfterS !== undefined ? res.retryAfterS * 1000 : undefined;
      } catch (err) {
        if (err instanceof KubeApiError || this.opts.signal?.aborted) throw err;
        problem = (err as Error).message;
      }
      const delay = backoffDelay(this.retry, attempt, retryAfterMs);
      const refusal = retryRefusal(this.retry, attempt, this.clock.now() - started, delay);
      if (refusal) {
        if (apiError) throw apiError;
        throw new KubeConnectionError(`cannot reach the Kubernetes API server at ${this.server}: ${problem} (${refusal})`);
      }
      this.opts.onRetry?.(what, problem, attempt, delay);
      await this.clock.sleep(delay, this.opts.signal);
    }
  }

  private once(req: ApiRequest): Promise<{ status: number; body: unknown; retryAfterS?: number }> {
    const url = new URL(this.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const lib = url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const r = lib.request(
        url,
        {
          method: req.method,
          agent: this.transport.agent,
          auth: this.transport.auth,
          signal: this.opts.signal,
          headers: {
            ...this.transport.headers,
            Accept: 'application/json',
            'User-Agent': 'rackshift/0.1.0',
            ...(payload ? { 'Content-Type': req.contentType ?? 'application/json', 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (a proxy's HTML error page): keep the text for the message.
            }
            const ra = Number(res.headers['retry-after']);
            resolve({ status: res.statusCode ?? 0, body, retryAfterS: Number.isFinite(ra) && ra >= 0 ? ra : undefined });
          });
        },
      );
      const timer = setTimeout(() => r.destroy(new Error(`no response within ${formatSeconds(this.requestTimeoutMs)}`)), this.requestTimeoutMs);
      r.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      if (payload) r.write(payload);
      r.end();
    });
  }
}

/** GET, with a 404 as undefined. */
export async function getOrUndefined<T = import('./kube-object').KubeObject>(client: KubeClient, path: string): Promise<T | undefined> {
  try {
    return (await client.request<T>({ method: 'GET', path })).body;
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return undefined;
    throw err;
  }
}

export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(2).replace(/0$/, '')}s` : `${Math.round(ms / 100) / 10}s`;
}

function toApiError(status: number, body: unknown, what: string): KubeApiError {
  const s = (body && typeof body === 'object' ? body : {}) as { reason?: string; message?: string; details?: { causes?: StatusCause[] } };
  const text = typeof body === 'string' ? body.trim().split('\n')[0]!.slice(0, 200) : '';
  return new KubeApiError(status, s.reason || (http.STATUS_CODES[status] ?? 'Error').replace(/ /g, ''), s.message ?? text, s.details?.causes ?? [], what);
}

/**
 * client-node refuses plain-http servers unless TLS verification is off; TLS settings mean
 * nothing over plain http, so for such servers hand it a copy that says so (kubectl accepts
 * http:// servers as they are).
 */
function transportConfig(loaded: LoadedKubeConfig): KubeConfig {
  const current = loaded.kc.getCurrentCluster();
  if (!current || !current.server.startsWith('http:')) return loaded.kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: loaded.kc.getClusters().map((c) => (c.name === current.name ? { ...c, skipTLSVerify: true } : c)),
    users: loaded.kc.getUsers(),
    contexts: loaded.kc.getContexts(),
    currentContext: loaded.kc.getCurrentContext(),
  });
  return copy;
}

/**
 * client-node's agent opens a connection (and a TLS handshake) per request; thousands of
 * objects want connections kept alive. Same TLS settings; a proxy keeps client-node's agent.
 */
function keepAliveAgent(loaded: LoadedKubeConfig, o: https.RequestOptions): http.Agent | undefined {
  if (loaded.kc.getCurrentCluster()?.proxyUrl) return o.agent as http.Agent | undefined;
  const common = { keepAlive: true, maxSockets: 16 };
  if (loaded.server.startsWith('http:')) return new http.Agent(common);
  return new https.Agent({
    ...common,
    ca: o.ca,
    cert: o.cert,
    key: o.key,
    pfx: o.pfx,
    passphrase: o.passphrase,
    servername: o.servername,
    ...(o.rejectUnauthorized !== undefined ? { rejectUnauthorized: o.rejectUnauthorized } : {}),
  });
}
