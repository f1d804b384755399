import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { ExecResult } from '../../../ports/sandbox.port';
import { OutputCollector } from '../common/output-collector';

/** Where execs leave their process-group id (for a kill from a second exec) and touch the activity file. */
export const RUNNER_STATE_DIR = '/tmp/.agent-runner';
export const ACTIVITY_FILE = `${RUNNER_STATE_DIR}/activity`;

/**
 * Runs inside the container as `sh -c WRAPPER agent-runner-exec <pidfile> <command> [args…]`: the command and its
 * arguments are argv entries, never spliced into a shell string. A docker exec process leads its own process group, so `$$` is the group id
 * recorded for a kill. After the command ends, whatever it left running in the group is killed, so a background
 * job never outlives its command (same rule as the local adapter). bash is used when the image has it.
 */
const WRAPPER = `pidfile=$1; cmd=$2; shift 2
mkdir -p ${RUNNER_STATE_DIR} 2>/dev/null
echo $$ > "$pidfile" 2>/dev/null
: > ${ACTIVITY_FILE} 2>/dev/null
if [ -x /bin/bash ]; then /bin/bash -c "$cmd" agent-runner-cmd "$@"; else /bin/sh -c "$cmd" agent-runner-cmd "$@"; fi
rc=$?
for d in /proc/[0-9]*; do
  p=\${d#/proc/}
  [ "$p" = "$$" ] && continue
  s=$(cat "$d/stat" 2>/dev/null) || continue
  s=\${s##*) }
  set -- $s
  [ "$3" = "$$" ] && kill -9 "$p" 2>/dev/null
done
rm -f "$pidfile"
exit $rc`;

/** Kills the process group recorded in the pidfile (waiting briefly for it to appear if the exec just started). */
const KILLER = `f=$1; i=0
while [ ! -s "$f" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
pg=$(cat "$f" 2>/dev/null)
[ -n "$pg" ] && kill -9 -"$pg" 2>/dev/null
rm -f "$f"
exit 0`;

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
  const pidFile = `${RUNNER_STATE_DIR}/${randomUUID()}.pid`;
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
  const killer = await container.exec({ Cmd: ['/bin/sh', '-c', KILLER, 'agent-runner-kill', pidFile], User: user, AttachStdout: true, AttachStderr: true });
  const stream = await killer.start({ hijack: true, stdin: false });
  stream.resume();
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}
