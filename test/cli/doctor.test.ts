import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { startLocalBackend, type LocalBackend } from '../../src/adapters/local-backend';
import { probeBubblewrap } from '../../src/adapters/sandbox/local/bubblewrap';
import { runDoctor } from '../../src/composition/cli/commands/doctor';
import { runBounded } from '../../src/composition/cli/doctor/check';
import { daytonaSandboxCheck } from '../../src/composition/cli/doctor/daytona-check';
import { loadConfig } from '../../src/composition/config/config';
import { startAnthropicStub } from '../support/llm/anthropic-stub';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';
import { describeWithTemporal } from '../support/temporal/temporal-suite';

const EXAMPLE_SCRIPT = resolve(__dirname, '../../examples/scripts/example-agent.yaml');
const ANTHROPIC_CANARY = 'sk-ant-canary-7f3e9a1c5b2d';
const STIGMER_CANARY = 'stigmer-key-canary-90b4e2';
/** Short probes keep the unreachable cases quick; every check is still bounded by runDoctor itself. */
const TIMEOUT_MS = 1_000;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
  lines(): string[] {
    return this.text.split('\n');
  }
  /** The line of one check and the indented lines under it. */
  block(name: string): string[] {
    const lines = this.lines();
    const start = lines.findIndex((l) => new RegExp(`^[✓✗] ${escape(name)}( \\(optional\\))? — `).test(l));
    if (start < 0) return [];
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
    return lines.slice(start, end < 0 ? undefined : end);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A port on 127.0.0.1 nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Accepts TCP connections and never answers: a dependency that hangs rather than refuses. */
async function silentServer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, listen: string | number = 0): Promise<{ server: HttpServer; url: string }> {
  const server = createHttpServer(handler);
  await new Promise<void>((r) => (typeof listen === 'string' ? server.listen(listen, r) : server.listen(listen, '127.0.0.1', r)));
  const address = server.address();
  return { server, url: typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '' };
}

async function closeHttp(server: HttpServer): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

describe('agent-runner doctor', () => {
  let dir: string;
  let backend: LocalBackend;
  let temporalPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doctor-'));
    backend = await startLocalBackend({ dataDir: join(dir, 'backend'), port: 0 });
    temporalPort = await closedPort();
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A working local setup (scripted model, local sandbox) except Temporal, which nobody serves here. */
  function localEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      MODE: 'local',
      TEMPORAL_SERVICE_ADDRESS: `127.0.0.1:${temporalPort}`,
      STIGMER_BACKEND_ENDPOINT: backend.address,
      STIGMER_API_KEY: STIGMER_CANARY,
      ANTHROPIC_API_KEY: ANTHROPIC_CANARY,
      SANDBOX_ROOT_DIR: join(dir, 'workspace'),
      SANDBOX_ISOLATION: 'none',
      STIGMER_LLM_PROVIDER: 'scripted',
      STIGMER_LLM_MODEL: 'example',
      STIGMER_LLM_SCRIPT: EXAMPLE_SCRIPT,
      AGENT_RUNNER_DATA_DIR: join(dir, 'data'),
      ...overrides,
    };
  }

  async function doctor(env: NodeJS.ProcessEnv): Promise<{ code: number; out: Capture }> {
    const out = new Capture();
    const code = await runDoctor(env, out, { timeoutMs: TIMEOUT_MS });
    expect(out.text).not.toContain(ANTHROPIC_CANARY);
    expect(out.text).not.toContain(STIGMER_CANARY);
    return { code, out };
  }

  it('passes every local check and names the unreachable Temporal with a fix', async () => {
    const { code, out } = await doctor(localEnv());

    expect(out.block('configuration')).toEqual(['✓ configuration — MODE=local, sandbox local, model scripted example, state in memory']);
    expect(out.block('Temporal')).toEqual([
      `✗ Temporal — cannot connect to 127.0.0.1:${temporalPort}: no answer within 1 s`,
      `    fix: start a Temporal server (\`agent-runner dev\` starts a local one), or set TEMPORAL_SERVICE_ADDRESS to a reachable host:port (now 127.0.0.1:${temporalPort})`,
    ]);
    expect(out.block('Stigmer backend')).toEqual([`✓ Stigmer backend — ${backend.address} answers (a probe for a non-existent session got NOT_FOUND, as it should)`]);
    expect(out.block('Redis')).toEqual([]);
    expect(out.block('sandbox (local)')).toEqual([
      `✓ sandbox (local) — workspaces under ${join(dir, 'workspace')} (writable); isolation: none (SANDBOX_ISOLATION=none): commands run directly on the worker host`,
    ]);
    expect(out.block('bubblewrap')).toEqual(['✓ bubblewrap (optional) — not used (SANDBOX_ISOLATION=none)']);
    expect(out.block('model')).toEqual([
      `✓ model — scripted example: replies come from the recorded script ${EXAMPLE_SCRIPT}, not from a language model`,
    ]);
    expect(out.lines().filter((l) => /^[✓✗] /.test(l))).toHaveLength(6);
    expect(out.text.trimEnd().split('\n').at(-1)).toBe('1 required check failed');
    expect(code).toBe(1);
    // The writability probe leaves nothing behind in the sandbox root.
    expect(readdirSync(join(dir, 'workspace'))).toEqual([]);
  });

  it('stops at a bad configuration value, naming the variable, and exits 1', async () => {
    const { code, out } = await doctor(localEnv({ TEMPORAL_MAX_CONCURRENCY: 'lots', SANDBOX_ISOLATION: 'strict' }));

    expect(out.block('configuration')).toEqual([
      '✗ configuration — invalid configuration:',
      '    TEMPORAL_MAX_CONCURRENCY: must be a whole number (got "lots")',
      expect.stringMatching(/^ {4}SANDBOX_ISOLATION: .*"auto".*\(got "strict"\)$/),
      '    fix: correct the variables above (README.md, Configuration, lists every variable and the values it accepts)',
    ]);
    expect(out.text).not.toMatch(/Temporal|Stigmer backend|model/);
    expect(out.text.trimEnd().split('\n').at(-1)).toBe('1 required check failed');
    expect(code).toBe(1);
  });

  it('reports an unreachable backend with the endpoint and how to fix it', async () => {
    const port = await closedPort();
    const { code, out } = await doctor(localEnv({ STIGMER_BACKEND_ENDPOINT: `127.0.0.1:${port}` }));

    expect(out.block('Stigmer backend')).toEqual([
      `✗ Stigmer backend — 127.0.0.1:${port} is unreachable: connect ECONNREFUSED 127.0.0.1:${port}`,
      `    fix: start stigmer-server (or \`agent-runner dev\`, which embeds a local backend), or set STIGMER_BACKEND_ENDPOINT to its host:port (now 127.0.0.1:${port})`,
    ]);
    expect(code).toBe(1);
  });

  it('bounds a backend and a Temporal that accept connections but never answer', async () => {
    const silent = await silentServer();
    try {
      const { code, out } = await doctor(localEnv({ STIGMER_BACKEND_ENDPOINT: silent.address, TEMPORAL_SERVICE_ADDRESS: silent.address }));
      expect(out.block('Stigmer backend')[0]).toBe(`✗ Stigmer backend — ${silent.address} is unreachable: no answer within 1 s`);
      expect(out.block('Temporal')[0]).toBe(`✗ Temporal — cannot connect to ${silent.address}: no answer within 1 s`);
      expect(code).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it('names ANTHROPIC_API_KEY when the anthropic provider has no key', async () => {
    const { code, out } = await doctor(localEnv({ STIGMER_LLM_PROVIDER: 'anthropic', STIGMER_LLM_MODEL: undefined, ANTHROPIC_API_KEY: undefined }));

    const [line, fix] = out.block('model');
    expect(line).toMatch(/^✗ model — ANTHROPIC_API_KEY is not set: the anthropic provider needs an API key/);
    expect(fix).toBe(
      '    fix: set ANTHROPIC_API_KEY (or STIGMER_LLM_API_KEY) to a valid key, and ANTHROPIC_BASE_URL only for a proxy; or choose another provider with STIGMER_LLM_PROVIDER',
    );
    expect(code).toBe(1);
  });

  it('checks the anthropic key against the endpoint without ever printing it', async () => {
    const stub = await startAnthropicStub({ script: { name: 'doctor', turns: [{ text: 'hi' }] }, requireApiKey: 'sk-ant-the-right-one' });
    try {
      const env = localEnv({ STIGMER_LLM_PROVIDER: 'anthropic', STIGMER_LLM_MODEL: 'claude-sonnet-4.5', ANTHROPIC_BASE_URL: stub.url });
      const rejected = await doctor(env);
      expect(rejected.out.block('model')[0]).toBe(`✗ model — anthropic at ${stub.url}/v1/models rejected the API key from ANTHROPIC_API_KEY (HTTP 401)`);
      expect(stub.requests.at(-1)?.headers['x-api-key']).toBe(ANTHROPIC_CANARY);

      const accepted = new Capture();
      await runDoctor({ ...env, ANTHROPIC_API_KEY: 'sk-ant-the-right-one' }, accepted, { timeoutMs: TIMEOUT_MS });
      expect(accepted.block('model')).toEqual(['✓ model — anthropic claude-sonnet-4-5-20250929: endpoint answers and accepted the API key']);
      expect(accepted.text).not.toContain('sk-ant-the-right-one');
    } finally {
      await stub.close();
    }
  });

  it('masks a secret even when a message would echo it', async () => {
    // A provider URL is not secret, but if a key were part of it the output must still not show it.
    const { out } = await doctor(localEnv({ STIGMER_LLM_PROVIDER: 'ollama', STIGMER_LLM_MODEL: 'm', OLLAMA_BASE_URL: `http://127.0.0.1:${await closedPort()}/${ANTHROPIC_CANARY}` }));
    expect(out.block('model')[0]).toMatch(/^✗ model — cannot reach ollama at http:\/\/127\.0\.0\.1:\d+\/\[REDACTED\]\/api\/tags: ECONNREFUSED$/);
  });

  it('reports a sandbox root that cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    const { code, out } = await doctor(localEnv({ SANDBOX_ROOT_DIR: join(file, 'workspace') }));
    const [line, fix] = out.block('sandbox (local)');
    expect(line).toMatch(new RegExp(`^✗ sandbox \\(local\\) — SANDBOX_ROOT_DIR ${escape(join(file, 'workspace'))} is not writable: .*ENOTDIR`));
    expect(fix).toBe(`    fix: set SANDBOX_ROOT_DIR to a directory the worker's user can create and write (now ${join(file, 'workspace')})`);
    expect(code).toBe(1);
  });

  it('reports bubblewrap as it is on this host, and never fails the exit code for it under SANDBOX_ISOLATION=auto', async () => {
    const { out } = await doctor(localEnv({ SANDBOX_ISOLATION: 'auto' }));
    const usable = probeBubblewrap().usable;
    const [line] = out.block('bubblewrap');
    expect(line).toMatch(usable ? /^✓ bubblewrap \(optional\) — works/ : /^✗ bubblewrap \(optional\) — not usable: .*commands run unisolated$/);
    expect(out.block('sandbox (local)')[0]).toContain(usable ? 'isolation: bubblewrap' : 'isolation: none: bubblewrap is not usable');
    // Only Temporal is required and failing here.
    expect(out.text).toContain('1 required check failed');
  });

  it('counts an unreachable optional Redis apart from the required checks, and a required one with them', async () => {
    const port = await closedPort();
    const optional = await doctor(localEnv({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), REDIS_PASSWORD: 'redis-canary-pw-1234' }));
    expect(optional.out.block('Redis')).toEqual([
      `✗ Redis (optional) — 127.0.0.1:${port} does not answer PING: connect ECONNREFUSED 127.0.0.1:${port}`,
      `    fix: start Redis at 127.0.0.1:${port}, fix REDIS_HOST / REDIS_PORT / REDIS_PASSWORD, or unset REDIS_HOST to keep state in memory`,
    ]);
    expect(optional.out.text).toContain('1 required check failed (1 optional check failed)');
    expect(optional.out.text).not.toContain('redis-canary-pw-1234');
    expect(optional.code).toBe(1);

    const required = await doctor(localEnv({ REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), AGENT_RUNNER_REPLICAS: '2' }));
    expect(required.out.block('Redis')[0]).toMatch(/^✗ Redis — /);
    expect(required.out.block('Redis')[1]).toContain('the one the workers share');
    expect(required.out.text).toContain('2 required checks failed');
  });

  describe('docker sandbox (a fake daemon on a unix socket)', () => {
    let daemon: HttpServer;
    let socket: string;
    const images = new Set<string>();

    beforeAll(async () => {
      socket = join(dir, 'docker.sock');
      ({ server: daemon } = await httpServer((req, res) => {
        const image = /^\/(?:v[\d.]+\/)?images\/(.+)\/json$/.exec(req.url ?? '')?.[1];
        if (/\/_ping$/.test(req.url ?? '')) res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
        else if (image && images.has(decodeURIComponent(image))) res.writeHead(200, { 'content-type': 'application/json' }).end('{"Id":"sha256:1"}');
        else res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such image"}');
      }, socket));
    });

    afterAll(async () => {
      await closeHttp(daemon);
    });

    const dockerEnv = (overrides: NodeJS.ProcessEnv = {}) =>
      localEnv({ SANDBOX_TYPE: 'docker', DOCKER_HOST: `unix://${socket}`, STIGMER_SANDBOX_IMAGE: 'sandbox:doctor', ...overrides });

    it('reports the daemon and whether the image is there or will be pulled', async () => {
      images.clear();
      const missing = await doctor(dockerEnv());
      expect(missing.out.block('sandbox (docker)')).toEqual([
        `✓ sandbox (docker) — daemon answers at unix://${socket}; image sandbox:doctor not present yet: it is pulled on first use (STIGMER_SANDBOX_AUTO_PULL=true)`,
      ]);
      expect(missing.out.block('bubblewrap')).toEqual([]);

      const noPull = await doctor(dockerEnv({ STIGMER_SANDBOX_AUTO_PULL: 'false' }));
      expect(noPull.out.block('sandbox (docker)')).toEqual([
        '✗ sandbox (docker) — image sandbox:doctor is not on the Docker host and STIGMER_SANDBOX_AUTO_PULL=false',
        '    fix: docker pull sandbox:doctor, or set STIGMER_SANDBOX_AUTO_PULL=true, or set STIGMER_SANDBOX_IMAGE to an image the host has',
      ]);

      images.add('sandbox:doctor');
      const present = await doctor(dockerEnv({ STIGMER_SANDBOX_AUTO_PULL: 'false' }));
      expect(present.out.block('sandbox (docker)')).toEqual([`✓ sandbox (docker) — daemon answers at unix://${socket}; image sandbox:doctor present`]);
    });

    it('reports a daemon that is not there', async () => {
      const gone = join(dir, 'no-docker.sock');
      const { code, out } = await doctor(dockerEnv({ DOCKER_HOST: `unix://${gone}` }));
      expect(out.block('sandbox (docker)')).toEqual([
        expect.stringMatching(new RegExp(`^✗ sandbox \\(docker\\) — the Docker daemon at unix://${escape(gone)} does not answer: .*ENOENT`)),
        `    fix: start the Docker daemon at unix://${gone} (or set DOCKER_HOST), or use SANDBOX_TYPE=filesystem`,
      ]);
      expect(code).toBe(1);
    });
  });

  describe('daytona sandbox', () => {
    it('names DAYTONA_API_KEY when it is missing', async () => {
      const { code, out } = await doctor(localEnv({ SANDBOX_TYPE: 'daytona' }));
      expect(out.block('sandbox (daytona)')).toEqual([
        '✗ sandbox (daytona) — DAYTONA_API_KEY is not set',
        '    fix: set DAYTONA_API_KEY to an API key from the Daytona dashboard, or use SANDBOX_TYPE=docker or filesystem',
      ]);
      expect(code).toBe(1);
    });

    it('asks the API whether it accepts the key, without printing it', async () => {
      const seen: (string | undefined)[] = [];
      const { server, url } = await httpServer((req, res) => {
        seen.push(req.headers.authorization);
        const ok = req.url === '/api/api-keys/current' && req.headers.authorization === 'Bearer dtn-good-key';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"name":"doctor"}' : '{"message":"unauthorized"}');
      });
      try {
        const check = (key: string) =>
          runBounded(daytonaSandboxCheck(loadConfig(localEnv({ SANDBOX_TYPE: 'daytona', DAYTONA_API_KEY: key, DAYTONA_API_URL: `${url}/api` })), TIMEOUT_MS), 5_000);
        await expect(check('dtn-good-key')).resolves.toEqual({ ok: true, detail: `API at ${url}/api answers and accepted DAYTONA_API_KEY` });
        await expect(check('dtn-bad-key')).resolves.toEqual({
          ok: false,
          problem: `the Daytona API at ${url}/api rejected DAYTONA_API_KEY (HTTP 401)`,
          fix: 'set DAYTONA_API_KEY to a valid API key',
        });
        expect(seen).toEqual(['Bearer dtn-good-key', 'Bearer dtn-bad-key']);
      } finally {
        await closeHttp(server);
      }
    });
  });

  it('cuts off a check that never settles and tells it to let go', async () => {
    let released = false;
    const result = await runBounded(
      {
        name: 'stuck',
        required: true,
        fix: 'unstick it',
        run: (signal) =>
          new Promise<string>(() => {
            signal.addEventListener('abort', () => (released = true));
          }),
      },
      50,
    );
    expect(result).toEqual({ ok: false, problem: 'no answer within 50 ms', fix: 'unstick it' });
    expect(released).toBe(true);
  });

  describeWithRedis('with a real Redis', () => {
    const redis = useRedisServer();

    it('PINGs it', async () => {
      const { out } = await doctor(localEnv({ REDIS_HOST: redis().host, REDIS_PORT: String(redis().port) }));
      expect(out.block('Redis')).toEqual([`✓ Redis (optional) — ${redis().host}:${redis().port} answers PING (REDIS_HOST is set; without it state stays in memory)`]);
    });
  });

  describeWithTemporal('with a real Temporal dev server', (temporal) => {
    it('exits 0 when every required check passes', async () => {
      const { code, out } = await doctor(localEnv({ TEMPORAL_SERVICE_ADDRESS: temporal().address }));
      expect(out.block('Temporal')).toEqual([
        `✓ Temporal — ${temporal().address}, namespace default (registered); the worker polls task queue agent_execution_runner`,
      ]);
      expect(out.text).not.toContain('✗');
      expect(out.text.trimEnd().split('\n').at(-1)).toBe('all required checks passed');
      expect(code).toBe(0);
    });

    it('says how to create a namespace that does not exist', async () => {
      const { code, out } = await doctor(localEnv({ TEMPORAL_SERVICE_ADDRESS: temporal().address, TEMPORAL_NAMESPACE: 'no-such-namespace' }));
      expect(out.block('Temporal')).toEqual([
        `✗ Temporal — namespace "no-such-namespace" does not exist on ${temporal().address}`,
        '    fix: create it (temporal operator namespace create --namespace no-such-namespace) or set TEMPORAL_NAMESPACE to an existing one',
      ]);
      expect(code).toBe(1);
    });
  });
});
