/**
 * A fake Daytona server for tests: a node http server on 127.0.0.1 speaking the routes the real
 * `@daytonaio/sdk` 0.218 calls (read from its dist code), so the real SDK is exercised end to end over loopback.
 *
 * Control plane (`<url>/api`): POST /sandbox, GET /sandbox/:id, POST /sandbox/:id/start, POST /sandbox/:id/stop,
 * DELETE /sandbox/:id, GET /sandbox/:id/toolbox-proxy-url. Toolbox (`<url>/tb/:id`): POST /process/execute,
 * POST /files/bulk-upload (multipart files[i].path + files[i].file), POST /files/bulk-download (multipart
 * response: part "file" or "error" per path, filename = the requested path), POST /files/folder,
 * POST /files/permissions. Each sandbox is a temp directory; commands really run (bash under bubblewrap).
 * The SDK must be built with `useDeprecatedPolling: true` (no event socket here).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeSandboxFiles } from './fake-daytona-fs';
import { FakeProcessTable, parseCommandLine } from './fake-daytona-process';

export type FakeSandboxState = 'creating' | 'started' | 'stopping' | 'stopped' | 'starting' | 'error' | 'destroyed' | 'archived';

export interface FakeDaytonaSandbox {
  id: string;
  state: FakeSandboxState;
  labels: Record<string, string>;
  env: Record<string, string>;
  snapshot?: string;
  image?: string;
  autoStopInterval?: number;
  createdAt: string;
  files: FakeSandboxFiles;
  errorReason?: string;
}

export interface FakeDaytonaOptions {
  apiKey?: string;
  /** A new sandbox stays "creating" this long before it is "started" (exercises readiness polling). */
  createDelayMs?: number;
  /** The user's home and default working directory inside each sandbox. */
  workdir?: string;
}

const BOUNDARY = 'DAYTONA-FILE-BOUNDARY';

export class FakeDaytonaServer {
  readonly sandboxes = new Map<string, FakeDaytonaSandbox>();
  /** "METHOD /path" of every request, for assertions. */
  readonly requests: string[] = [];
  /** Test knob: the next N creates fail with a 500. */
  failNextCreates = 0;
  /** Test knob: toolbox calls answer 502 while set (a sandbox whose toolbox is not up yet). */
  toolboxDown = false;
  private server?: Server;
  private baseDir = '';
  private readonly processes = new FakeProcessTable();
  private readonly apiKey: string;
  private readonly workdir: string;

  constructor(private readonly options: FakeDaytonaOptions = {}) {
    this.apiKey = options.apiKey ?? 'fake-daytona-key';
    this.workdir = options.workdir ?? '/home/daytona';
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Daytona server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get key(): string {
    return this.apiKey;
  }

  async start(): Promise<void> {
    this.baseDir = await mkdtemp(join(tmpdir(), 'fake-daytona-'));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => sendError(res, 500, (err as Error).message));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const id of this.sandboxes.keys()) this.processes.killAll(id);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await rm(this.baseDir, { recursive: true, force: true });
  }

  /** Stops a sandbox behind the client's back (what Daytona's auto-stop does): processes die, files stay. */
  stopSandbox(id: string): void {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) return;
    this.processes.killAll(id);
    sandbox.state = 'stopped';
  }

  /** Puts a sandbox into the error state (a broken sandbox the client must replace). */
  breakSandbox(id: string, reason = 'simulated failure'): void {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox) return;
    this.processes.killAll(id);
    sandbox.state = 'error';
    sandbox.errorReason = reason;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return sendError(res, 401, 'Unauthorized: invalid API key');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'api' && parts[1] === 'sandbox') return this.handleApi(req, res, parts.slice(2));
    if (parts[0] === 'tb' && parts[1]) return this.handleToolbox(req, res, parts[1], parts.slice(2).join('/'), url);
    return sendError(res, 404, `no route ${req.method} ${url.pathname}`);
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    if (req.method === 'POST' && parts.length === 0) return this.create(req, res);
    const sandbox = this.sandboxes.get(parts[0] ?? '');
    if (!sandbox || sandbox.state === 'destroyed') return sendError(res, 404, `Sandbox with ID or name ${parts[0]} not found`);
    const action = parts[1];
    if (req.method === 'GET' && !action) return sendJson(res, 200, this.dto(sandbox));
    if (req.method === 'GET' && action === 'toolbox-proxy-url') return sendJson(res, 200, { url: `${this.url}/tb` });
    if (req.method === 'POST' && action === 'start') {
      if (sandbox.state === 'error') return sendError(res, 400, `Sandbox ${sandbox.id} is in an error state`);
      sandbox.state = 'started';
      return sendJson(res, 200, this.dto(sandbox));
    }
    if (req.method === 'POST' && action === 'stop') {
      this.stopSandbox(sandbox.id);
      return sendJson(res, 200, this.dto(sandbox));
    }
    if (req.method === 'DELETE' && !action) {
      this.processes.killAll(sandbox.id);
      sandbox.state = 'destroyed';
      await rm(sandbox.files.root, { recursive: true, force: true });
      return sendJson(res, 200, this.dto(sandbox));
    }
    return sendError(res, 404, `no route ${req.method} /sandbox/${parts.join('/')}`);
  }

  private async create(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString() || '{}') as {
      snapshot?: string;
      buildInfo?: { dockerfileContent?: string };
      env?: Record<string, string>;
      labels?: Record<string, string>;
      autoStopInterval?: number;
    };
    if (this.failNextCreates > 0) {
      this.failNextCreates--;
      return sendError(res, 500, 'simulated create failure');
    }
    const id = `fake-${randomBytes(6).toString('hex')}`;
    const files = new FakeSandboxFiles(join(this.baseDir, id));
    await files.init(this.workdir);
    const sandbox: FakeDaytonaSandbox = {
      id,
      state: this.options.createDelayMs ? 'creating' : 'started',
      labels: body.labels ?? {},
      env: body.env ?? {},
      snapshot: body.snapshot,
      image: body.buildInfo?.dockerfileContent?.replace(/^FROM\s+/i, '').trim(),
      autoStopInterval: body.autoStopInterval,
      createdAt: new Date().toISOString(),
      files,
    };
    this.sandboxes.set(id, sandbox);
    if (this.options.createDelayMs) {
      setTimeout(() => {
        if (sandbox.state === 'creating') sandbox.state = 'started';
      }, this.options.createDelayMs).unref();
    }
    return sendJson(res, 200, this.dto(sandbox));
  }

  private async handleToolbox(req: IncomingMessage, res: ServerResponse, id: string, route: string, url: URL): Promise<void> {
    const sandbox = this.sandboxes.get(id);
    if (!sandbox || sandbox.state === 'destroyed') return sendError(res, 404, `sandbox ${id} not found`);
    if (sandbox.state !== 'started' || this.toolboxDown) return sendError(res, 502, `sandbox ${id} is not running (state ${sandbox.state})`);
    try {
      if (req.method === 'POST' && route === 'process/execute') return await this.execute(req, res, sandbox);
      if (req.method === 'POST' && route === 'files/bulk-upload') return await this.upload(req, res, sandbox);
      if (req.method === 'POST' && route === 'files/bulk-download') return await this.download(req, res, sandbox);
      if (req.method === 'POST' && route === 'files/folder') {
        await mkdir(await sandbox.files.resolve(url.searchParams.get('path') ?? ''), { recursive: true });
        return sendJson(res, 200, {});
      }
      if (req.method === 'POST' && route === 'files/permissions') {
        const target = await sandbox.files.resolve(url.searchParams.get('path') ?? '');
        await stat(target);
        const mode = url.searchParams.get('mode');
        if (mode) await chmod(target, parseInt(mode, 8));
        return sendJson(res, 200, {});
      }
    } catch (err) {
      const e = err as Error & { status?: number; code?: string };
      if (e.code === 'ENOENT') return sendError(res, 404, e.message, 'FILE_NOT_FOUND');
      return sendError(res, e.status ?? 400, e.message, e.code);
    }
    return sendError(res, 404, `no toolbox route ${req.method} /${route}`);
  }

  private async execute(req: IncomingMessage, res: ServerResponse, sandbox: FakeDaytonaSandbox): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString()) as { command?: string; cwd?: string; envs?: Record<string, string>; timeout?: number };
    const argv = parseCommandLine(body.command ?? '');
    if (argv.length === 0) return sendError(res, 400, 'empty command');
    const cwd = body.cwd ?? this.workdir;
    const hostCwd = sandbox.files.hostPathLexical(cwd);
    if (!hostCwd || !(await stat(hostCwd).catch(() => undefined))?.isDirectory()) {
      return sendJson(res, 200, { exitCode: -1, result: `chdir ${cwd}: no such file or directory` });
    }
    // Exactly the sandbox's environment: base variables, the sandbox's create-time env, then the request's.
    const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: this.workdir, LANG: 'C.UTF-8', ...sandbox.env, ...(body.envs ?? {}) };
    const outcome = await this.processes.run(sandbox.id, sandbox.files.root, argv, cwd, env, body.timeout ?? 0);
    if (outcome.timedOut) {
      return sendError(res, 408, `Command execution timed out after ${body.timeout} seconds.`, 'REQUEST_TIMEOUT');
    }
    return sendJson(res, 200, { exitCode: outcome.exitCode, result: outcome.output });
  }

  private async upload(req: IncomingMessage, res: ServerResponse, sandbox: FakeDaytonaSandbox): Promise<void> {
    const form = await new Response(await readBody(req), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
    const errors: string[] = [];
    const files: Array<{ path: string; bytes: number }> = [];
    for (const [name, value] of form.entries()) {
      const match = /^files\[(\d+)\]\.file$/.exec(name);
      if (!match || typeof value === 'string') continue;
      const dest = String(form.get(`files[${match[1]}].path`) ?? '').trim();
      try {
        const host = await sandbox.files.resolve(dest);
        await mkdir(dirname(host), { recursive: true });
        const content = Buffer.from(await value.arrayBuffer());
        await writeFile(host, content, { mode: 0o644 });
        files.push({ path: dest, bytes: content.length });
      } catch (err) {
        errors.push(`${dest}: ${(err as Error).message}`);
      }
    }
    if (errors.length > 0) return sendJson(res, 400, { errors, files, message: errors.join('; '), statusCode: 400 });
    return sendJson(res, 200, { files });
  }

  private async download(req: IncomingMessage, res: ServerResponse, sandbox: FakeDaytonaSandbox): Promise<void> {
    const { paths } = JSON.parse((await readBody(req)).toString()) as { paths?: string[] };
    if (!paths || paths.length === 0) return sendError(res, 400, 'request body must be {"paths": [ ... ]} and non-empty');
    const chunks: Buffer[] = [];
    for (const path of paths) {
      const disposition = (field: string): string => `Content-Disposition: form-data; name="${field}"; filename="${path.replace(/"/g, '%22')}"`;
      try {
        const host = await sandbox.files.resolve(path);
        if ((await stat(host)).isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { status: 400, code: 'BAD_REQUEST' });
        const content = await readFile(host);
        chunks.push(Buffer.from(`--${BOUNDARY}\r\n${disposition('file')}\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from('\r\n'));
      } catch (err) {
        const e = err as Error & { status?: number; code?: string };
        const notFound = e.code === 'ENOENT';
        const payload = JSON.stringify({
          message: notFound ? `file not found: ${path}` : e.message,
          statusCode: notFound ? 404 : (e.status ?? 400),
          code: notFound ? 'FILE_NOT_FOUND' : (e.code ?? 'BAD_REQUEST'),
          source: 'DAYTONA_DAEMON',
        });
        chunks.push(Buffer.from(`--${BOUNDARY}\r\n${disposition('error')}\r\nContent-Type: application/json\r\n\r\n${payload}\r\n`));
      }
    }
    chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
    const body = Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length });
    res.end(body);
  }

  private dto(s: FakeDaytonaSandbox): Record<string, unknown> {
    return {
      id: s.id,
      name: s.id,
      organizationId: 'org-fake',
      snapshot: s.snapshot,
      user: 'daytona',
      env: s.env,
      labels: s.labels,
      public: false,
      networkBlockAll: false,
      target: 'us',
      cpu: 1,
      gpu: 0,
      memory: 1,
      disk: 3,
      state: s.state,
      desiredState: s.state === 'stopped' ? 'stopped' : 'started',
      errorReason: s.errorReason,
      recoverable: false,
      backupState: 'None',
      autoStopInterval: s.autoStopInterval ?? 15,
      autoArchiveInterval: 10080,
      autoDeleteInterval: -1,
      createdAt: s.createdAt,
      updatedAt: new Date().toISOString(),
      toolboxProxyUrl: `${this.url}/tb`,
    };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, code?: string): void {
  sendJson(res, status, { statusCode: status, message, ...(code ? { code, source: 'DAYTONA_DAEMON' } : {}) });
}
