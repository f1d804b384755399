import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ExecResult } from '../../../ports/sandbox.port';
import { OutputCollector } from '../common/output-collector';
import { KILL_SCRIPT, newPidFile, processGroupWrapper } from '../common/process-group-script';

const WRAPPER = processGroupWrapper(false);

export interface DockerExecRequest {
  command: string;
  /** Positional parameters ($1…) for the command. */
  args?: string[];
  env: Record<string, string>;
  cwd: string;
  user: string;
  timeoutMs: number;
  signal?: AbortSignal;
  maxOutputBytes: number;
}

/** After a kill, how long the attach stream may take to end before we stop waiting for it. */
const STREAM_END_GRACE_MS = 5_000;

export async function runDockerExec(container: Dockerode.Container, request: DockerExecRequest): Promise<ExecResult> {
  if (request.signal?.aborted) return { exitCode: null, output: '', truncated: false, timedOut: false };
  const pidFile = newPidFile(randomUUID());
  const exec = await container.exec({
    Cmd: ['/bin/sh', '-c', WRAPPER, 'agent-runner-exec', pidFile, request.command, ...(request.args ?? [])],
    AttachStdout: true,
    AttachStderr: true,
    Env: Object.entries(request.env).map(([k, v]) => `${k}=${v}`),
    WorkingDir: request.cwd,
    User: request.user,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const output = new OutputCollector(request.maxOutputBytes);
  const sink = (): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        output.push(chunk);
        done();
      },
    });
  container.modem.demuxStream(stream, sink(), sink());

  let killedBy: 'timeout' | 'abort' | undefined;
  let killing: Promise<void> | undefined;
  const stop = (reason: 'timeout' | 'abort'): void => {
    if (killedBy) return;
    killedBy = reason;
    killing = killProcessGroup(container, pidFile, request.user).finally(() => {
      // The stream normally ends when the group dies; never wait on it forever.
      setTimeout(() => stream.destroy(), STREAM_END_GRACE_MS).unref();
    });
  };
  const timer = setTimeout(() => stop('timeout'), request.timeoutMs);
  const onAbort = (): void => stop('abort');
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
  await killing?.catch(() => undefined);
  if (killedBy) return { exitCode: null, output: output.text(), truncated: output.truncated, timedOut: killedBy === 'timeout' };
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? null, output: output.text(), truncated: output.truncated, timedOut: false };
}

async function killProcessGroup(container: Dockerode.Container, pidFile: string, user: string): Promise<void> {
  const killer = await container.exec({ Cmd: ['/bin/sh', '-c', KILL_SCRIPT, 'agent-runner-kill', pidFile], User: user, AttachStdout: true, AttachStderr: true });
  const stream = await killer.start({ hijack: true, stdin: false });
  stream.resume();
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}
