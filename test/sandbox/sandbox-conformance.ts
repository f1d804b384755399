/**
 * The one behavioural contract every SandboxProvider must meet (fake, local, Docker, Daytona). Each adapter's test
 * file calls `describeSandboxConformance` with a factory; adapter-specific behaviour is tested next to it.
 */
import { InvalidInputError, NotFoundError } from '../../src/domain/errors/domain-errors';
import type { Sandbox, SandboxProvider, SandboxSpec } from '../../src/ports/sandbox.port';

export interface ConformanceTarget {
  provider: SandboxProvider;
  /** Stops a sandbox behind the provider's back, as an idle auto-stop would. Given only where stopping exists. */
  stopBehindTheBack?(sandboxId: string): Promise<void>;
  /** Releases whatever the factory started. */
  dispose?(): Promise<void>;
}

export interface ConformanceOptions {
  /**
   * True when commands run in a real POSIX shell (`&`, `$(…)`, loops): enables the checks that the whole process
   * tree dies on timeout/abort and that execs really run side by side. The fake's tiny shell sets it false.
   */
  realShell: boolean;
  /** Per-test timeout; real sandboxes need more than the default. */
  testTimeoutMs?: number;
}

const CANARY_NAME = 'AGENT_RUNNER_CONFORMANCE_CANARY';

/**
 * Prints "alive" or "gone" for the pid in `pidFile`. A zombie counts as gone: it is dead, merely not yet reaped
 * (some hosts' pid 1 never reaps orphans).
 */
export function processStateCommand(pidFile: string): string {
  return `sleep 0.5; s=$(cut -d' ' -f3 /proc/$(cat ${pidFile})/stat 2>/dev/null); if [ -n "$s" ] && [ "$s" != Z ]; then echo alive; else echo gone; fi`;
}

export function describeSandboxConformance(
  name: string,
  factory: () => Promise<ConformanceTarget>,
  options: ConformanceOptions,
): void {
  const timeout = options.testTimeoutMs ?? 30_000;
  // Process-tree and real-concurrency checks need a real shell; they are not registered for the fake at all.
  const realShellIt = (title: string, fn: () => Promise<void>, ms: number): void => {
    if (options.realShell) it(title, fn, ms);
  };

  describe(`Sandbox conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let sandbox: Sandbox;
    let counter = 0;
    const canaryValue = `canary-${Math.random().toString(36).slice(2)}-secret`;
    const created: string[] = [];

    const freshSpec = (): SandboxSpec => ({
      org: 'acme',
      sessionId: `ses-conformance-${process.pid}-${Date.now()}-${++counter}`,
      executionId: `aex-conformance-${counter}`,
    });
    const createSandbox = async (): Promise<Sandbox> => {
      const s = await target.provider.create(freshSpec());
      created.push(s.id);
      return s;
    };

    beforeAll(async () => {
      process.env[CANARY_NAME] = canaryValue;
      target = await factory();
      sandbox = await createSandbox();
    }, timeout * 4);

    afterAll(async () => {
      delete process.env[CANARY_NAME];
      if (!target) return;
      for (const id of created) await target.provider.destroy(id).catch(() => undefined);
      await target.dispose?.();
    }, timeout * 4);

    it('reports the exit code of the command', async () => {
      expect((await sandbox.exec('exit 3')).exitCode).toBe(3);
      expect((await sandbox.exec('true')).exitCode).toBe(0);
      expect((await sandbox.exec('false')).exitCode).toBe(1);
      const result = await sandbox.exec('definitely-not-a-command-xyz');
      expect(result.exitCode).toBe(127);
    }, timeout);

    it('captures both stdout and stderr in the output', async () => {
      const result = await sandbox.exec('echo to-stdout; echo to-stderr >&2');
      expect(result.exitCode).toBe(0);
      expect(result.output).toContain('to-stdout');
      expect(result.output).toContain('to-stderr');
      expect(result.truncated).toBe(false);
      expect(result.timedOut).toBe(false);
    }, timeout);

    it('starts commands in the workdir, or in the cwd given relative to it', async () => {
      expect((await sandbox.exec('pwd')).output.trim()).toBe(sandbox.workdir);
      await sandbox.exec('mkdir -p sub/dir');
      expect((await sandbox.exec('pwd', { cwd: 'sub/dir' })).output.trim()).toBe(`${sandbox.workdir}/sub/dir`);
    }, timeout);

    it('stops a command at its timeout and says so', async () => {
      const result = await sandbox.exec('sleep 30', { timeoutMs: 500 });
      expect(result.timedOut).toBe(true);
      expect(result.exitCode).toBeNull();
    }, timeout);

    it('stops a command when the signal aborts', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const result = await sandbox.exec('sleep 30', { signal: controller.signal });
      expect(result.exitCode).toBeNull();
      expect(result.timedOut).toBe(false);
    }, timeout);

    it('does not run a command whose signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const result = await sandbox.exec('echo should-not-run > ran-anyway.txt', { signal: controller.signal });
      expect(result.exitCode).toBeNull();
      expect((await sandbox.exec('test -e ran-anyway.txt')).exitCode).toBe(1);
    }, timeout);

    realShellIt('kills the whole process tree on timeout', async () => {
      const result = await sandbox.exec('sleep 60 & echo $! > bg.pid; wait', { timeoutMs: 800 });
      expect(result.timedOut).toBe(true);
      const check = await sandbox.exec(processStateCommand('bg.pid'));
      expect(check.output.trim()).toBe('gone');
    }, timeout);

    realShellIt('kills the whole process tree on abort', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 800);
      const result = await sandbox.exec('sleep 60 & echo $! > bg-abort.pid; wait', { signal: controller.signal });
      expect(result.exitCode).toBeNull();
      const check = await sandbox.exec(processStateCommand('bg-abort.pid'));
      expect(check.output.trim()).toBe('gone');
    }, timeout);

    it('injects the per-command env, and only into that command', async () => {
      const withEnv = await sandbox.exec('echo "[$GREETING]"', { env: { GREETING: "hello 'quoted' $world" } });
      expect(withEnv.output.trim()).toBe("[hello 'quoted' $world]");
      const without = await sandbox.exec('echo "[$GREETING]"');
      expect(without.output.trim()).toBe('[]');
    }, timeout);

    it("never shows the worker's own environment to a command", async () => {
      expect(process.env[CANARY_NAME]).toBe(canaryValue);
      const result = await sandbox.exec('env');
      expect(result.exitCode).toBe(0);
      expect(result.output).toContain('PATH=');
      expect(result.output).not.toContain(canaryValue);
      expect(result.output).not.toContain(CANARY_NAME);
    }, timeout);

    it('round-trips binary files byte for byte, and exec sees the same paths', async () => {
      const content = new Uint8Array(4096 + 7);
      for (let i = 0; i < content.length; i++) content[i] = (i * 31 + 7) % 256;
      content.set([0xff, 0xfe, 0x00, 0xc3, 0x28], 100); // invalid UTF-8 on purpose
      await sandbox.upload([{ path: 'data/blob.bin', content }]);
      const byAbsolute = await sandbox.download(`${sandbox.workdir}/data/blob.bin`);
      expect(Buffer.from(byAbsolute).equals(Buffer.from(content))).toBe(true);
      expect((await sandbox.exec('test -f data/blob.bin')).exitCode).toBe(0);
      expect((await sandbox.exec(`test -f ${sandbox.workdir}/data/blob.bin`)).exitCode).toBe(0);

      await sandbox.exec('echo made-by-exec > made.txt');
      expect(Buffer.from(await sandbox.download('made.txt')).toString()).toBe('made-by-exec\n');
    }, timeout);

    it('keeps the mode given on upload', async () => {
      await sandbox.upload([{ path: 'tool.sh', content: Buffer.from('#!/bin/sh\necho tool-ran\n'), mode: 0o755 }]);
      expect((await sandbox.exec('test -x tool.sh')).exitCode).toBe(0);
      await sandbox.upload([{ path: 'plain.txt', content: Buffer.from('x'), mode: 0o644 }]);
      expect((await sandbox.exec('test -x plain.txt')).exitCode).toBe(1);
    }, timeout);

    realShellIt('runs an uploaded script', async () => {
      await sandbox.upload([{ path: 'bin/run.sh', content: Buffer.from('#!/bin/sh\necho "ran with $1"\n'), mode: 0o755 }]);
      const result = await sandbox.exec('./bin/run.sh arg1');
      expect(result.output.trim()).toBe('ran with arg1');
    }, timeout);

    it('reports a missing file as NotFoundError', async () => {
      await expect(sandbox.download('no/such/file.txt')).rejects.toBeInstanceOf(NotFoundError);
    }, timeout);

    it('refuses paths that escape the sandbox, naming the path', async () => {
      await expect(sandbox.upload([{ path: '../escape.txt', content: Buffer.from('x') }])).rejects.toBeInstanceOf(InvalidInputError);
      await expect(sandbox.upload([{ path: 'a/../../escape.txt', content: Buffer.from('x') }])).rejects.toThrow(/escape\.txt/);
      await expect(sandbox.download('../../../../etc/passwd')).rejects.toBeInstanceOf(InvalidInputError);
      await expect(sandbox.upload([{ path: '/etc/agent-runner-probe', content: Buffer.from('x') }])).rejects.toThrow(
        /agent-runner-probe/,
      );
      await expect(sandbox.download('/etc/passwd')).rejects.toBeInstanceOf(InvalidInputError);
    }, timeout);

    it('caps the output and marks it truncated without killing the command', async () => {
      const big = Buffer.alloc(300_000, 'a');
      await sandbox.upload([{ path: 'big.txt', content: big }]);
      const result = await sandbox.exec('cat big.txt; echo done-marker >&2', { maxOutputBytes: 4096 });
      expect(result.truncated).toBe(true);
      expect(result.exitCode).toBe(0);
      expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(4096);
      expect(result.output.startsWith('aaaa')).toBe(true);
    }, timeout);

    it('runs concurrent commands, each with its own output', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => sandbox.exec(`sleep 0.3; echo "job-$N"`, { env: { N: String(n) } })),
      );
      expect(results.map((r) => r.output.trim())).toEqual(['job-1', 'job-2', 'job-3', 'job-4', 'job-5']);
    }, timeout);

    realShellIt('runs concurrent commands side by side', async () => {
      // Each waits for the file the other creates; run one after another they would both time out.
      const [a, b] = await Promise.all([
        sandbox.exec('touch side-a; i=0; while [ ! -f side-b ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; test -f side-b', {
          timeoutMs: 20_000,
        }),
        sandbox.exec('touch side-b; i=0; while [ ! -f side-a ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; test -f side-a', {
          timeoutMs: 20_000,
        }),
      ]);
      expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    }, timeout);

    it('is healthy when fresh', async () => {
      expect(await sandbox.health()).toBe(true);
    }, timeout);

    it('reopens a live sandbox by id with its files', async () => {
      await sandbox.upload([{ path: 'turn1.txt', content: Buffer.from('from turn 1') }]);
      const spec = freshSpec();
      const reopened = await target.provider.open(sandbox.id, spec);
      expect(reopened).toBeDefined();
      expect(reopened!.id).toBe(sandbox.id);
      expect(Buffer.from(await reopened!.download('turn1.txt')).toString()).toBe('from turn 1');
    }, timeout);

    it('destroys a sandbox; opening it afterwards gives undefined; destroying again is fine', async () => {
      const doomed = await createSandbox();
      await doomed.upload([{ path: 'x.txt', content: Buffer.from('x') }]);
      await target.provider.destroy(doomed.id);
      expect(await target.provider.open(doomed.id, freshSpec())).toBeUndefined();
      await expect(target.provider.destroy(doomed.id)).resolves.toBeUndefined();
    }, timeout);

    it('gives undefined when opening an id that never existed', async () => {
      expect(await target.provider.open(`${sandbox.id}-never-existed`, freshSpec())).toBeUndefined();
    }, timeout);

    it('describes its isolation', () => {
      expect(target.provider.describeIsolation().length).toBeGreaterThan(5);
    });

    const stoppable = (): boolean => target.stopBehindTheBack !== undefined;
    it('starts a stopped sandbox on open instead of replacing it, files intact (where stopping exists)', async () => {
      if (!stoppable()) {
        // Not a skip: a provider without a stopped state must at least reopen the same sandbox.
        const again = await target.provider.open(sandbox.id, freshSpec());
        expect(again?.id).toBe(sandbox.id);
        return;
      }
      const victim = await createSandbox();
      await victim.upload([{ path: 'survives.txt', content: Buffer.from('still here') }]);
      await target.stopBehindTheBack!(victim.id);
      const reopened = await target.provider.open(victim.id, freshSpec());
      expect(reopened?.id).toBe(victim.id);
      expect(await reopened!.health()).toBe(true);
      expect(Buffer.from(await reopened!.download('survives.txt')).toString()).toBe('still here');
      expect((await reopened!.exec('cat survives.txt')).output).toBe('still here');
    }, timeout * 2);
  });
}
