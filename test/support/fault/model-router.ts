import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { JsonBody, StubServer } from '../llm/stub-server';

/** Answers one chat completions request itself (for wire shapes a model script cannot express). */
export type RawModelHandler = (body: JsonBody, res: ServerResponse) => void | Promise<void>;

/**
 * One OpenAI-compatible endpoint for a whole stack, routing each chat request by its `model` field to a protocol
 * stub (or a raw handler). An execution picks its route with `modelName`, so one worker serves every test case.
 */
export class ModelRouter {
  private readonly routes = new Map<string, StubServer | RawModelHandler>();
  private readonly counts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<ModelRouter> {
    const server = createServer();
    const router = new ModelRouter(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void router.handle(req, res).catch(() => res.destroy()));
    server.on('connection', (socket: Socket) => {
      router.sockets.add(socket);
      socket.on('close', () => router.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return router;
  }

  /** For OPENAI_BASE_URL. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  route(model: string, target: StubServer | RawModelHandler): this {
    this.routes.set(model, target);
    return this;
  }

  /** Chat requests received for `model` (retries included). */
  requestsFor(model: string): number {
    return this.counts.get(model) ?? 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (req.method === 'GET' && /\/models$/.test(req.url ?? '')) {
      return json(res, 200, { object: 'list', data: [...this.routes.keys()].map((id) => ({ id, object: 'model', owned_by: 'router' })) });
    }
    const body = parse(raw);
    const model = typeof body?.model === 'string' ? body.model : '';
    this.counts.set(model, (this.counts.get(model) ?? 0) + 1);
    const target = this.routes.get(model);
    if (!target) return json(res, 404, { error: { message: `the model router has no route for model "${model}"`, type: 'invalid_request_error' } });
    if (typeof target === 'function') return target(body, res);
    return proxy(target, req, raw, res);
  }
}

function proxy(stub: StubServer, req: IncomingMessage, raw: string, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const upstream = httpRequest(
      `${stub.url}${req.url ?? '/'}`,
      { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${stub.port}`, 'content-length': String(Buffer.byteLength(raw)) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve());
        answer.on('error', () => resolve());
      },
    );
    upstream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => upstream.destroy());
    upstream.end(raw);
  });
}

export function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function parse(raw: string): JsonBody {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
