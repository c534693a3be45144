/** A loopback server that speaks the OpenAI HTTP API, for tests and benchmarks: node:http on
 * 127.0.0.1 and a free port, the real `openai` client pointed at it (`baseURL`). Never the network.
 *
 * - **Routes** by `METHOD /path` (`POST /v1/audio/transcriptions`, and whatever another adapter
 *   adds: `POST /v1/responses`, `POST /v1/chat/completions`; a path may have `:name` segments,
 *   `GET /v1/batches/:id`, found in `params`): a handler gets the recorded request
 *   (headers, body bytes, multipart fields and files, parsed by undici's `FormData` — the same
 *   parser `fetch` uses) and returns a reply.
 * - **Scripted faults**, consumed one per request before the route answers: 429 with Retry-After,
 *   500, a status with an error code, a reply that never comes (the client's timeout), malformed
 *   JSON, a dropped connection (`faults` below).
 * - **A requests-per-minute limit** (optional): past it, 429 with `Retry-After` (whole seconds
 *   until the oldest request in the window leaves it), as OpenAI's limiter answers.
 * - **A tokens-per-minute limit** (optional): a request counts its tokens as estimated on arrival
 *   (`tokensOf`), then, once answered, the usage its answer reports (`total_tokens`); one that
 *   would take the window's sum past the limit is answered 429 with `Retry-After` (whole seconds
 *   until enough tokens have left the window). Both are sliding windows.
 * Every request is recorded, answered or not, in arrival order. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedFile {
  field: string;
  name: string;
  type: string;
  bytes: Buffer;
}

export interface RecordedRequest {
  /** Arrival, ms since the epoch (Date.now()). */
  at: number;
  method: string;
  /** The path without the query, e.g. `/v1/audio/transcriptions`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Multipart text fields (`model`, `language`, …; a repeated one's last value), or the JSON
   * body's top-level strings. */
  fields: Record<string, string>;
  /** Every value of each multipart text field, in order (`known_speaker_names[]`). */
  lists: Record<string, string[]>;
  /** Multipart files. */
  files: RecordedFile[];
  /** The status answered (null: never answered — a hang or a dropped connection). */
  status: number | null;
  /** The tokens an answer reported using (`usage.total_tokens`), when it did. */
  tokens?: number;
  /** The client closed the connection before an answer (it aborted, or timed out). */
  abandoned: boolean;
  /** A pattern route's parameters (`GET /v1/batches/:id` → `{ id }`). */
  params: Record<string, string>;
}

/** What the server does with one request. */
export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status?: number; body: string; headers?: Record<string, string> }
  /** Never answers: the client's timeout (or abort) ends it. */
  | { kind: 'hang' }
  /** Closes the connection without an answer. */
  | { kind: 'drop' };

export type RouteHandler = (req: RecordedRequest) => Reply | Promise<Reply>;

/** Replies tests script, in OpenAI's error shape. */
export const faults = {
  status: (status: number, code: string, headers: Record<string, string> = {}): Reply => ({
    kind: 'json',
    status,
    headers,
    body: { error: { message: `loopback fault ${status}`, type: code, param: null, code } },
  }),
  rateLimited: (retryAfterSec: number): Reply => faults.status(429, 'rate_limit_exceeded', { 'retry-after': String(retryAfterSec) }),
  serverError: (): Reply => faults.status(500, 'server_error'),
  hang: (): Reply => ({ kind: 'hang' }),
  drop: (): Reply => ({ kind: 'drop' }),
  /** A 200 whose JSON is cut off. */
  malformed: (): Reply => ({ kind: 'text', status: 200, body: '{"text": "unterminated', headers: { 'content-type': 'application/json' } }),
} as const;

export interface LoopbackOptions {
  routes?: Record<string, RouteHandler>;
  /** Requests allowed per window (default a minute) across all routes; past it 429 + Retry-After. */
  rateLimit?: { perWindow: number; windowMs?: number };
  /** Tokens allowed per window (default a minute): a request's `tokensOf` on arrival (default 0),
   * its answer's `usage.total_tokens` once answered. */
  tokenLimit?: { perWindow: number; windowMs?: number; tokensOf?: (req: RecordedRequest) => number };
}

export interface Loopback {
  /** The client's `baseURL`: `http://127.0.0.1:PORT/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Adds or replaces a route (`POST /v1/responses`). */
  route(key: string, handler: RouteHandler): void;
  /** Replies for the next requests (any route), one each, before the routes answer. */
  script(...replies: Reply[]): void;
  /** Requests the limits refused (requests and tokens). */
  readonly limited: number;
  /** Of those, the ones the token limit refused. */
  readonly tokenLimited: number;
  close(): Promise<void>;
}

export async function startLoopback(options: LoopbackOptions = {}): Promise<Loopback> {
  const routes = new Map(Object.entries(options.routes ?? {}));
  const scripted: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const accepted: number[] = [];
  let limited = 0;
  let tokenLimited = 0;
  let closing = false; // close() drops hung connections: not the client's doing
  const windowMs = options.rateLimit?.windowMs ?? 60_000;
  /** The token limit's window: each accepted request, its tokens so far. */
  const spent: Array<{ at: number; tokens: number }> = [];
  const tokenWindowMs = options.tokenLimit?.windowMs ?? 60_000;

  /** A 429 when `need` more tokens would pass the token limit now, else the request's entry. */
  function takeTokens(now: number, need: number): { refused: Reply } | { entry: { at: number; tokens: number } } {
    const limit = options.tokenLimit!.perWindow;
    while (spent.length > 0 && spent[0]!.at <= now - tokenWindowMs) spent.shift();
    let sum = spent.reduce((n, e) => n + e.tokens, 0);
    if (sum + need <= limit) {
      const entry = { at: now, tokens: need };
      spent.push(entry);
      return { entry };
    }
    let waitMs = tokenWindowMs;
    for (const e of spent) {
      sum -= e.tokens;
      if (sum + need <= limit) {
        waitMs = e.at + tokenWindowMs - now;
        break;
      }
    }
    return { refused: faults.rateLimited(Math.max(1, Math.ceil(waitMs / 1000))) };
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { kind: 'json', status: 500, body: { error: { message: `loopback: ${String(err)}`, type: 'server_error', code: null } } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0]!;
    const recorded: RecordedRequest = { at: Date.now(), method: req.method ?? 'GET', path, headers: req.headers, body, fields: {}, lists: {}, files: [], status: null, abandoned: false, params: {} };
    res.on('close', () => {
      if (!res.writableEnded && !closing) recorded.abandoned = true;
    });
    requests.push(recorded);
    await parseBody(recorded);

    let reply: Reply | undefined;
    const now = Date.now();
    if (options.rateLimit) {
      while (accepted.length > 0 && accepted[0]! <= now - windowMs) accepted.shift();
      if (accepted.length >= options.rateLimit.perWindow) {
        limited += 1;
        const waitSec = Math.max(1, Math.ceil((accepted[0]! + windowMs - now) / 1000));
        reply = faults.rateLimited(waitSec);
      }
    }
    let entry: { at: number; tokens: number } | undefined;
    if (reply === undefined && options.tokenLimit) {
      const took = takeTokens(now, options.tokenLimit.tokensOf?.(recorded) ?? 0);
      if ('refused' in took) {
        [limited, tokenLimited] = [limited + 1, tokenLimited + 1];
        reply = took.refused;
      } else entry = took.entry;
    }
    if (reply === undefined && options.rateLimit) accepted.push(now);
    reply ??= scripted.shift();
    if (reply === undefined) {
      const handler = routes.get(`${recorded.method} ${path}`) ?? matchPattern(routes, recorded);
      reply = handler ? await handler(recorded) : faults.status(404, 'unknown_url');
    }
    if (reply.kind === 'json' || reply.kind === 'text') recorded.status = reply.status ?? 200;
    const used = reply.kind === 'json' ? (reply.body as { usage?: { total_tokens?: unknown } } | null)?.usage?.total_tokens : undefined;
    if (typeof used === 'number') {
      recorded.tokens = used;
      if (entry) entry.tokens = used; // the window carries what the request used
    }
    send(res, reply);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    route: (key, handler) => void routes.set(key, handler),
    script: (...replies) => void scripted.push(...replies),
    get limited() {
      return limited;
    },
    get tokenLimited() {
      return tokenLimited;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.closeAllConnections(); // hung requests too
        server.close(() => resolve());
      }),
  };
}

/** A route whose key has `:name` segments (`GET /v1/files/:id/content`) matching the request;
 * its parameters go to `params`. */
function matchPattern(routes: ReadonlyMap<string, RouteHandler>, r: RecordedRequest): RouteHandler | undefined {
  const got = r.path.split('/');
  for (const [key, handler] of routes) {
    const [method, pattern] = key.split(' ');
    const want = pattern?.split('/') ?? [];
    if (method !== r.method || !pattern?.includes(':') || want.length !== got.length) continue;
    const params: Record<string, string> = {};
    if (want.every((w, i) => (w.startsWith(':') ? ((params[w.slice(1)] = decodeURIComponent(got[i]!)), true) : w === got[i]))) {
      r.params = params;
      return handler;
    }
  }
  return undefined;
}

function send(res: ServerResponse, reply: Reply): void {
  switch (reply.kind) {
    case 'hang':
      return;
    case 'drop':
      res.socket?.destroy();
      return;
    case 'json':
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'x-request-id': requestId(), ...reply.headers });
      res.end(JSON.stringify(reply.body));
      return;
    case 'text':
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', 'x-request-id': requestId(), ...reply.headers });
      res.end(reply.body);
  }
}

let counter = 0;
const requestId = () => `req_loopback_${++counter}`;

/** Multipart (undici's parser, as `fetch` uses) or JSON bodies, into fields and files. */
async function parseBody(r: RecordedRequest): Promise<void> {
  const type = String(r.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://loopback/', { method: 'POST', headers: { 'content-type': type }, body: r.body }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        r.fields[field] = value;
        (r.lists[field] ??= []).push(value);
      }
      else r.files.push({ field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (type.startsWith('application/json') && r.body.length > 0) {
    const json = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(json)) if (typeof v === 'string') r.fields[k] = v;
  }
}
