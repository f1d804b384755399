import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadScriptFile, parseScript } from '../../../src/adapters/llm/scripted/load-script';
import { playTurn, ScriptPlayer, type PlayedStep } from '../../../src/adapters/llm/scripted/script-player';
import type { Script, ScriptInput } from '../../../src/adapters/llm/scripted/script.schema';

/**
 * Shared core of the provider protocol stubs: a loopback HTTP server that plays a model script and records every
 * request. Each protocol module (openai, anthropic, ollama) only supplies its routes and wire format.
 */
export interface StubOptions {
  /** A parsed script, a script object, or a path to a YAML/JSON script file. */
  script: Script | ScriptInput | string;
  /** Overrides the script's per-call latency (delay before the response starts). */
  latencyMs?: number;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /**
   * `sequential` (default): one shared player, turns served in order across all requests (supports when/repeat/faults).
   * `by-history`: stateless, the turn is the number of assistant messages in the request, so concurrent
   * conversations each get the script from the start (benchmark load); faults and conditions are ignored.
   */
  playback?: 'sequential' | 'by-history';
  /** When set, every request must carry this key (`authorization: Bearer <key>` or `x-api-key`), else HTTP 401. */
  requireApiKey?: string;
}

/** Provider request bodies are open-ended JSON that protocol modules and tests read freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for GET or non-JSON). */
  body: JsonBody;
}

export interface StubServer {
  readonly url: string;
  readonly port: number;
  readonly script: Script;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The model-call requests only (chat/messages endpoints). */
  chatRequests(): RecordedRequest[];
  /** Model calls the client hung up on before the response was complete (cancellation reached the wire). */
  abandonedCalls(): number;
  close(): Promise<void>;
}

/** What a protocol module knows about its own request bodies. */
export interface ChatProtocol {
  name: string;
  isChatRequest(method: string, path: string): boolean;
  lastMessageText(body: JsonBody): string;
  assistantMessageCount(body: JsonBody): number;
  /** Writes a whole turn (streaming or not, as the body asks). Stops early when `signal` aborts. */
  writeTurn(res: ServerResponse, body: JsonBody, turn: Extract<PlayedStep, { kind: 'turn' }>, signal: AbortSignal): Promise<void>;
  writeError(res: ServerResponse, status: number, message: string, headers?: Record<string, string>): void;
  /** Non-chat routes (model lists, health); return false when the route is unknown. */
  handleOther(req: IncomingMessage, res: ServerResponse, script: Script): boolean;
}

export async function startStub(protocol: ChatProtocol, options: StubOptions): Promise<StubServer> {
  const script = resolveScript(options.script);
  const effective: Script = options.latencyMs === undefined ? script : { ...script, latencyMs: options.latencyMs, turns: script.turns.map((t) => ({ ...t, latencyMs: undefined })) };
  const player = new ScriptPlayer(effective);
  const requests: RecordedRequest[] = [];
  let byHistoryCalls = 0;
  let abandoned = 0;
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const body = parseJson(raw);
      const path = (req.url ?? '/').split('?')[0];
      requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, body });
      if (options.requireApiKey && !carriesKey(req, options.requireApiKey)) {
        protocol.writeError(res, 401, 'invalid api key');
        return;
      }
      if (!protocol.isChatRequest(req.method ?? 'GET', path)) {
        if (!protocol.handleOther(req, res, effective)) protocol.writeError(res, 404, `no route ${req.method} ${path} on the ${protocol.name} stub`);
        return;
      }
      const aborted = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) abandoned += 1;
        aborted.abort();
      });
      let step: PlayedStep;
      try {
        step =
          options.playback === 'by-history'
            ? playTurn(effective, Math.min(protocol.assistantMessageCount(body), effective.turns.length - 1), `call_h${++byHistoryCalls}`)
            : player.next({ lastMessageText: protocol.lastMessageText(body) });
      } catch (err) {
        protocol.writeError(res, 400, (err as Error).message);
        return;
      }
      if (step.kind === 'fault') {
        const headers = step.fault.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(step.fault.retryAfterSeconds) };
        protocol.writeError(res, step.fault.status, step.fault.message ?? `scripted fault (HTTP ${step.fault.status})`, headers);
        return;
      }
      try {
        if (step.latencyMs > 0) await sleep(step.latencyMs, undefined, { signal: aborted.signal });
        await protocol.writeTurn(res, body, step, aborted.signal);
      } catch {
        res.destroy();
      }
    })().catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    script: effective,
    requests,
    chatRequests: () => requests.filter((r) => protocol.isChatRequest(r.method, r.path)),
    abandonedCalls: () => abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits `ms` between stream pieces; resolves false when the client went away. */
export async function pace(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export function writeJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function carriesKey(req: IncomingMessage, key: string): boolean {
  return req.headers.authorization === `Bearer ${key}` || req.headers['x-api-key'] === key;
}

function resolveScript(script: StubOptions['script']): Script {
  if (typeof script === 'string') return loadScriptFile(script);
  return parseScript(script);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
