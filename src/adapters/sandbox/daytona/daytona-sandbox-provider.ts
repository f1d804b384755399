import { Daytona, type Sandbox as DaytonaSdkSandbox, type CreateSandboxFromImageParams, type CreateSandboxFromSnapshotParams } from '@daytonaio/sdk';
import { ConfigurationError, SandboxUnavailableError } from '../../../domain/errors/domain-errors';
import type { Logger } from '../../../ports/logger.port';
import type { SandboxProvider, SandboxSpec } from '../../../ports/sandbox.port';
import { isDaytonaNotFound, toDomainError } from './daytona-errors';
import { DaytonaSandbox } from './daytona-sandbox';
import { waitUntilReady } from './readiness';

export interface DaytonaSandboxOptions {
  /** DAYTONA_API_KEY. */
  apiKey: string;
  /** DAYTONA_API_URL; the SDK's default (Daytona cloud) when unset. */
  apiUrl?: string;
  /** DAYTONA_TARGET (region). */
  target?: string;
  /** DAYTONA_DEV_TOOLS_SNAPSHOT_ID: create from this snapshot (preferred over an image). */
  snapshot?: string;
  /** DAYTONA_IMAGE: create from this image when no snapshot is set. */
  image?: string;
  /** DAYTONA_AUTO_STOP_MINUTES: Daytona stops an idle sandbox after this long (0 = never); files survive a stop. */
  autoStopMinutes: number;
  /** DAYTONA_READY_TIMEOUT_SECONDS, in ms: bound on create/start plus the first successful command. */
  readyTimeoutMs: number;
  /** SKILLS_ROOT. */
  skillsRoot: string;
  /** Home / working directory of the sandbox user. Default /home/daytona. */
  workdir?: string;
  /** Fixed variables for every sandbox (never the worker's own environment). */
  envVars?: Record<string, string>;
  labels?: Record<string, string>;
  commandTimeoutMs?: number;
  maxOutputBytes?: number;
  /** Poll for state changes instead of opening Daytona's event socket (needed against the fake server). */
  useDeprecatedPolling?: boolean;
  logger?: Logger;
}

export const DAYTONA_LABELS = {
  org: 'ai.stigmer.org',
  session: 'ai.stigmer.session',
  execution: 'ai.stigmer.execution',
  managedBy: 'ai.stigmer.managed-by',
} as const;

/** States in which a sandbox is not coming back: open() answers undefined and the caller creates a new one. */
const GONE_STATES = new Set(['destroyed', 'destroying', 'error', 'build_failed']);
/** States a start() brings back with the files intact. */
const RESTARTABLE_STATES = new Set(['stopped', 'archived']);

/**
 * Daytona sandboxes through our own adapter over the official SDK (not @langchain/daytona, which pins an old SDK).
 * A stopped sandbox is started, never replaced, so a session's files survive Daytona's idle auto-stop.
 */
export class DaytonaSandboxProvider implements SandboxProvider {
  readonly kind = 'daytona' as const;
  private readonly client: Daytona;

  constructor(private readonly options: DaytonaSandboxOptions) {
    if (!options.apiKey) throw new ConfigurationError('DAYTONA_API_KEY is required for Daytona sandboxes');
    try {
      this.client = new Daytona({
        apiKey: options.apiKey,
        apiUrl: options.apiUrl,
        target: options.target,
        useDeprecatedPolling: options.useDeprecatedPolling,
      });
    } catch (err) {
      throw new ConfigurationError(`Daytona client could not be configured: ${(err as Error).message}`, { cause: err });
    }
  }

  describeIsolation(): string {
    const from = this.options.snapshot ? `snapshot ${this.options.snapshot}` : this.options.image ? `image ${this.options.image}` : 'the default snapshot';
    return `Daytona cloud sandbox per session (${from}), isolated from the worker; auto-stops after ${this.options.autoStopMinutes} idle minutes and is restarted with its files`;
  }

  async create(spec: SandboxSpec): Promise<DaytonaSandbox> {
    const labels = {
      ...(this.options.labels ?? {}),
      ...(spec.labels ?? {}),
      [DAYTONA_LABELS.org]: spec.org,
      [DAYTONA_LABELS.session]: spec.sessionId,
      [DAYTONA_LABELS.execution]: spec.executionId,
      [DAYTONA_LABELS.managedBy]: 'agent-runner',
    };
    const common = { envVars: this.options.envVars ?? {}, labels, autoStopInterval: this.options.autoStopMinutes };
    const params: CreateSandboxFromSnapshotParams | CreateSandboxFromImageParams = this.options.snapshot
      ? { ...common, snapshot: this.options.snapshot }
      : this.options.image
        ? { ...common, image: this.options.image }
        : common;
    let sdkSandbox: DaytonaSdkSandbox;
    try {
      sdkSandbox = await this.client.create(params, { timeout: this.timeoutSeconds() });
    } catch (err) {
      throw toDomainError('could not create a Daytona sandbox', err);
    }
    const sandbox = this.wrap(sdkSandbox);
    if (!(await this.ready(sandbox))) {
      await sdkSandbox.delete().catch(() => undefined);
      throw new SandboxUnavailableError(
        `Daytona sandbox ${sdkSandbox.id} did not run a command within ${Math.round(this.options.readyTimeoutMs / 1000)} s (DAYTONA_READY_TIMEOUT_SECONDS); it was deleted`,
      );
    }
    return sandbox;
  }

  async open(sandboxId: string, _spec?: SandboxSpec): Promise<DaytonaSandbox | undefined> {
    let sdkSandbox: DaytonaSdkSandbox;
    try {
      sdkSandbox = await this.client.get(sandboxId);
    } catch (err) {
      if (isDaytonaNotFound(err)) return undefined;
      throw toDomainError(`could not look up Daytona sandbox ${sandboxId}`, err);
    }
    const state = String(sdkSandbox.state ?? '');
    if (GONE_STATES.has(state)) {
      this.options.logger?.warn('Daytona sandbox is gone or broken; a new one will be created', { sandbox_id: sandboxId, state });
      return undefined;
    }
    try {
      if (state === 'stopping') await sdkSandbox.waitUntilStopped(this.timeoutSeconds());
      if (RESTARTABLE_STATES.has(String(sdkSandbox.state)) || state === 'stopping') {
        this.options.logger?.info('starting the stopped Daytona sandbox of the session', { sandbox_id: sandboxId });
        await sdkSandbox.start(this.timeoutSeconds());
      } else if (String(sdkSandbox.state) !== 'started') {
        await sdkSandbox.waitUntilStarted(this.timeoutSeconds());
      }
    } catch (err) {
      throw toDomainError(`could not start Daytona sandbox ${sandboxId}`, err);
    }
    const sandbox = this.wrap(sdkSandbox);
    if (!(await this.ready(sandbox))) {
      throw new SandboxUnavailableError(
        `Daytona sandbox ${sandboxId} is started but did not run a command within ${Math.round(this.options.readyTimeoutMs / 1000)} s`,
      );
    }
    return sandbox;
  }

  async destroy(sandboxId: string): Promise<void> {
    try {
      const sdkSandbox = await this.client.get(sandboxId);
      await sdkSandbox.delete(this.timeoutSeconds());
    } catch (err) {
      if (isDaytonaNotFound(err)) return;
      throw toDomainError(`could not delete Daytona sandbox ${sandboxId}`, err);
    }
  }

  private wrap(sdkSandbox: DaytonaSdkSandbox): DaytonaSandbox {
    return new DaytonaSandbox(sdkSandbox, {
      workdir: this.options.workdir ?? '/home/daytona',
      skillsRoot: this.options.skillsRoot,
      defaultTimeoutMs: this.options.commandTimeoutMs ?? 300_000,
      defaultMaxOutputBytes: this.options.maxOutputBytes ?? 256 * 1024,
    });
  }

  /** A started sandbox may not run commands yet (toolbox still booting): probe with backoff, bounded in time. */
  private ready(sandbox: DaytonaSandbox): Promise<boolean> {
    return waitUntilReady(() => sandbox.health(), this.options.readyTimeoutMs);
  }

  private timeoutSeconds(): number {
    return Math.max(1, Math.ceil(this.options.readyTimeoutMs / 1000));
  }
}
