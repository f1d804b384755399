import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import Dockerode from 'dockerode';
import { describeError, SandboxUnavailableError } from '../../../domain/errors/domain-errors';
import type { Logger } from '../../../ports/logger.port';
import type { SandboxProvider, SandboxSpec } from '../../../ports/sandbox.port';
import { dockerMessage, isNotFound, statusCodeOf, toSandboxUnavailable } from './docker-errors';
import { ACTIVITY_FILE } from '../common/process-group-script';
import { DockerSandbox } from './docker-sandbox';
import { packForRoot, readFirstEntry } from './docker-tar';

export interface DockerSandboxOptions {
  /** STIGMER_SANDBOX_IMAGE. */
  image: string;
  /** STIGMER_SANDBOX_AUTO_PULL: pull the image when it is not on the Docker host. */
  autoPull: boolean;
  /** STIGMER_SANDBOX_CLEANUP: destroy and the reaper remove containers (true) or only stop them (false). */
  cleanup: boolean;
  /** STIGMER_SANDBOX_TTL: seconds a container may stay idle before the reaper takes it; 0 disables the reaper. */
  ttlSeconds: number;
  /** STIGMER_SANDBOX_NETWORK: Docker network mode (bridge, none, host, or a network name). */
  network: string;
  memoryMb: number;
  cpus: number;
  pidsLimit: number;
  /** STIGMER_SANDBOX_USER, e.g. "1000:1000" or a user name known to the image. */
  user: string;
  /** SKILLS_ROOT. */
  skillsRoot: string;
  workdir?: string;
  commandTimeoutMs?: number;
  maxOutputBytes?: number;
  /** Run Docker's init (tini) as PID 1 so orphans are reaped. Default true. */
  init?: boolean;
  /** Extra labels on every container (e.g. the deployment's name), added to the ai.stigmer.* ones; the reaper only touches containers that carry them. */
  labels?: Record<string, string>;
  /** How to reach the daemon; default: DOCKER_HOST or /var/run/docker.sock. */
  connection?: Dockerode.DockerOptions;
  logger?: Logger;
  now?: () => number;
}

export const LABELS = {
  org: 'ai.stigmer.org',
  session: 'ai.stigmer.session',
  execution: 'ai.stigmer.execution',
  managedBy: 'ai.stigmer.managed-by',
} as const;
const MANAGED_BY = 'agent-runner';

/** PID 1 of every sandbox: idles forever, exits promptly on SIGTERM, works with any POSIX sh. */
const IDLE_COMMAND = ['/bin/sh', '-c', 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done'];

/**
 * One long-lived container per session, hardened (non-root user, no capabilities, no-new-privileges, memory/CPU/
 * pids limits, chosen network), labelled so a restarted worker can find and reap what it left behind.
 */
export class DockerSandboxProvider implements SandboxProvider {
  readonly kind = 'docker' as const;
  private readonly docker: Dockerode;
  private readonly workdir: string;
  private readonly lastUsed = new Map<string, number>();
  private imageReady?: Promise<void>;
  private reaperTimer?: NodeJS.Timeout;

  constructor(private readonly options: DockerSandboxOptions) {
    this.docker = new Dockerode(options.connection);
    this.workdir = options.workdir ?? '/workspace';
  }

  describeIsolation(): string {
    const o = this.options;
    return `Docker container per session (image ${o.image}, user ${o.user}, all capabilities dropped, no-new-privileges, memory ${o.memoryMb} MB, ${o.cpus} CPU, ${o.pidsLimit} processes, network ${o.network})`;
  }

  async create(spec: SandboxSpec): Promise<DockerSandbox> {
    await this.ensureImage();
    let container: Dockerode.Container;
    try {
      container = await this.docker.createContainer({
        name: `stigmer-sbx-${nameSegment(spec.sessionId)}-${randomBytes(4).toString('hex')}`,
        Image: this.options.image,
        Cmd: IDLE_COMMAND,
        Entrypoint: [],
        User: this.options.user,
        WorkingDir: this.workdir,
        Env: [],
        Labels: {
          ...(this.options.labels ?? {}),
          ...(spec.labels ?? {}),
          [LABELS.org]: spec.org,
          [LABELS.session]: spec.sessionId,
          [LABELS.execution]: spec.executionId,
          [LABELS.managedBy]: MANAGED_BY,
        },
        HostConfig: {
          Init: this.options.init ?? true,
          Memory: this.options.memoryMb * 1024 * 1024,
          NanoCpus: Math.round(this.options.cpus * 1e9),
          PidsLimit: this.options.pidsLimit,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges:true'],
          NetworkMode: this.options.network,
          AutoRemove: false,
        },
      });
    } catch (err) {
      throw toSandboxUnavailable(`could not create a sandbox container from ${this.options.image}`, err);
    }
    try {
      await container.start();
      const sandbox = await this.attach(container.id, container);
      // The workdir must belong to the sandbox user whatever the image did (Docker creates a missing WorkingDir as root).
      await container.putArchive(await packForRoot([{ path: this.workdir, mode: 0o755, ...sandbox.owner }], []), { path: '/' });
      this.lastUsed.set(container.id, this.now());
      return sandbox;
    } catch (err) {
      await container.remove({ force: true }).catch(() => undefined);
      if (err instanceof SandboxUnavailableError) throw err;
      throw toSandboxUnavailable(`could not start the sandbox container from ${this.options.image}`, err);
    }
  }

  async open(sandboxId: string, _spec?: SandboxSpec): Promise<DockerSandbox | undefined> {
    const container = this.docker.getContainer(sandboxId);
    let info: Dockerode.ContainerInspectInfo;
    try {
      info = await container.inspect();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw toSandboxUnavailable(`could not look up sandbox ${sandboxId}`, err);
    }
    if (info.Config.Labels?.[LABELS.managedBy] !== MANAGED_BY) return undefined;
    const state = info.State;
    if (state.Dead || state.Status === 'removing') return undefined;
    try {
      if (state.Paused) await container.unpause();
      else if (!state.Running) await container.start(); // a stopped container keeps its files: start it, never replace it
    } catch (err) {
      this.options.logger?.warn('sandbox container could not be started; it will be replaced', { sandbox_id: sandboxId, error: dockerMessage(err) });
      return undefined;
    }
    this.lastUsed.set(info.Id, this.now());
    return this.attach(info.Id, container);
  }

  async destroy(sandboxId: string): Promise<void> {
    this.lastUsed.delete(sandboxId);
    const container = this.docker.getContainer(sandboxId);
    try {
      if (this.options.cleanup) await container.remove({ force: true });
      else await container.stop({ t: 5 });
    } catch (err) {
      const code = statusCodeOf(err);
      if (code === 404 || code === 304 || code === 409) return; // gone, already stopped, or already being removed
      throw toSandboxUnavailable(`could not destroy sandbox ${sandboxId}`, err);
    }
  }

  /**
   * Removes (or, without cleanup, stops) managed containers idle for longer than the TTL, including ones a crashed
   * worker left behind. Idle = since the latest of: this worker's last use, the in-container activity file every
   * exec touches (shared by all workers on the host), the container's start. Containers with a running exec stay.
   */
  async reapIdle(): Promise<string[]> {
    if (this.options.ttlSeconds <= 0) return [];
    const ttlMs = this.options.ttlSeconds * 1000;
    const reaped: string[] = [];
    // Extra labels scope the reaper to this deployment's containers (another deployment may share the daemon).
    const scope = Object.entries(this.options.labels ?? {}).map(([key, value]) => `${key}=${value}`);
    const list = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.managedBy}=${MANAGED_BY}`, ...scope] } });
    for (const summary of list) {
      if (!this.options.cleanup && summary.State !== 'running') continue;
      try {
        const container = this.docker.getContainer(summary.Id);
        const info = await container.inspect();
        const idleSince = Math.max(
          this.lastUsed.get(info.Id) ?? 0,
          Date.parse(info.State.StartedAt) || 0,
          Date.parse(info.Created) || 0,
          await this.activityTime(container),
        );
        if (this.now() - idleSince <= ttlMs) continue;
        if (await this.hasRunningExec(info)) continue;
        await this.destroy(info.Id);
        reaped.push(info.Id);
        this.options.logger?.info('reaped an idle sandbox container', { sandbox_id: info.Id, idle_seconds: Math.round((this.now() - idleSince) / 1000) });
      } catch (err) {
        this.options.logger?.warn('could not reap a sandbox container', { sandbox_id: summary.Id, error: describeError(err) });
      }
    }
    return reaped;
  }

  /** Reaps now (leftovers of a crashed worker) and then periodically; returns a function that stops it. */
  startReaper(intervalMs = Math.min(60_000, Math.max(1000, (this.options.ttlSeconds * 1000) / 4))): () => void {
    if (this.options.ttlSeconds <= 0) return () => undefined;
    const run = (): void => {
      this.reapIdle().catch((err: unknown) => this.options.logger?.warn('sandbox reaper pass failed', { error: describeError(err) }));
    };
    run();
    this.reaperTimer = setInterval(run, intervalMs);
    this.reaperTimer.unref();
    return () => clearInterval(this.reaperTimer);
  }

  private async attach(id: string, container: Dockerode.Container): Promise<DockerSandbox> {
    return new DockerSandbox(id, container, {
      workdir: this.workdir,
      skillsRoot: this.options.skillsRoot,
      user: this.options.user,
      owner: await this.ownerOf(container),
      defaultTimeoutMs: this.options.commandTimeoutMs ?? 300_000,
      defaultMaxOutputBytes: this.options.maxOutputBytes ?? 256 * 1024,
      touch: () => this.lastUsed.set(id, this.now()),
    });
  }

  /** Numeric uid/gid of the sandbox user: parsed when numeric, else asked from the image (`id -u`, `id -g`). */
  private async ownerOf(container: Dockerode.Container): Promise<{ uid: number; gid: number }> {
    const numeric = /^(\d+)(?::(\d+))?$/.exec(this.options.user);
    if (numeric) return { uid: Number(numeric[1]), gid: Number(numeric[2] ?? numeric[1]) };
    const exec = await container.exec({ Cmd: ['/bin/sh', '-c', 'id -u; id -g'], User: this.options.user, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    container.modem.demuxStream(stream, sink, sink);
    await new Promise<void>((resolve) => stream.once('end', resolve));
    const [uid, gid] = Buffer.concat(chunks).toString().trim().split('\n').map(Number);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
      throw new SandboxUnavailableError(`STIGMER_SANDBOX_USER "${this.options.user}" is not a user of image ${this.options.image}`);
    }
    return { uid, gid };
  }

  private async activityTime(container: Dockerode.Container): Promise<number> {
    try {
      const entry = await readFirstEntry((await container.getArchive({ path: ACTIVITY_FILE })) as never);
      return entry.mtime?.getTime() ?? 0;
    } catch {
      return 0;
    }
  }

  private async hasRunningExec(info: Dockerode.ContainerInspectInfo): Promise<boolean> {
    for (const execId of (info as { ExecIDs?: string[] | null }).ExecIDs ?? []) {
      const exec = await this.docker.getExec(execId).inspect().catch(() => undefined);
      if (exec?.Running) return true;
    }
    return false;
  }

  private ensureImage(): Promise<void> {
    this.imageReady ??= this.pullIfMissing().catch((err: unknown) => {
      this.imageReady = undefined; // try again on the next create
      throw err;
    });
    return this.imageReady;
  }

  private async pullIfMissing(): Promise<void> {
    const image = this.options.image;
    try {
      await this.docker.getImage(image).inspect();
      return;
    } catch (err) {
      if (!isNotFound(err)) throw toSandboxUnavailable(`could not check sandbox image ${image}`, err);
    }
    if (!this.options.autoPull) {
      throw new SandboxUnavailableError(`sandbox image ${image} is not on the Docker host and STIGMER_SANDBOX_AUTO_PULL is false`);
    }
    try {
      const stream = await this.docker.pull(image);
      await new Promise<void>((resolve, reject) => this.docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())));
    } catch (err) {
      throw new SandboxUnavailableError(`sandbox image ${image} is not on the Docker host and could not be pulled: ${dockerMessage(err)}`, { cause: err });
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function nameSegment(raw: string): string {
  const cleaned = raw.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 48);
  return /^[a-zA-Z0-9]/.test(cleaned) ? cleaned : `s${cleaned}`;
}
