import { existsSync } from 'node:fs';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SandboxUnavailableError } from '../../../domain/errors/domain-errors';
import type { SandboxProvider, SandboxSpec } from '../../../ports/sandbox.port';
import { probeBubblewrap, type BubblewrapProbe } from './bubblewrap';
import { LocalSandbox, type LocalSandboxLayout, type LocalSandboxSettings } from './local-sandbox';
import { isWorkspaceSegment, workspaceSegment } from './workspace-naming';

export interface LocalSandboxOptions {
  /** SANDBOX_ROOT_DIR: workspaces live at `<rootDir>/<org>/<session>/`. */
  rootDir: string;
  /** SANDBOX_ISOLATION: auto uses bubblewrap when it works, bubblewrap requires it, none runs commands directly. */
  isolation: 'auto' | 'bubblewrap' | 'none';
  /** Whether commands under bubblewrap keep the host network (false when STIGMER_SANDBOX_NETWORK=none). Default true. */
  shareNetwork?: boolean;
  /** Used when an exec gives no timeout. Default 300 s. */
  commandTimeoutMs?: number;
  /** Used when an exec gives no output cap. Default 256 KiB. */
  maxOutputBytes?: number;
  bwrapPath?: string;
}

/** Hidden from org segments (which never start with a dot), so it cannot collide with a workspace. */
const TMP_DIR = '.tmp';
const SKILLS_DIR = '.skills';

/**
 * Development default: one workspace directory per session on the worker host. The sandbox id is
 * `<org>/<session>` (the workspace's path below the root), so a later turn reopens the same directory.
 */
export class LocalSandboxProvider implements SandboxProvider {
  readonly kind = 'local' as const;
  private probe?: BubblewrapProbe;

  constructor(private readonly options: LocalSandboxOptions) {}

  describeIsolation(): string {
    if (this.useBubblewrap()) {
      const net = this.options.shareNetwork === false ? 'no network' : "the host's network";
      return `local workspace per session under bubblewrap: system directories read-only, only the session workspace writable, no access to the worker's home, files or environment, ${net}`;
    }
    if (this.options.isolation === 'bubblewrap') return `bubblewrap required but unavailable (${this.bubblewrapProbe().reason})`;
    return "local workspace per session; commands run directly on the worker host as the worker's user (no isolation beyond a scrubbed environment and workspace-confined file operations)";
  }

  async open(sandboxId: string, _spec?: SandboxSpec): Promise<LocalSandbox | undefined> {
    const parts = sandboxId.split('/');
    if (parts.length !== 2 || !parts.every(isWorkspaceSegment)) return undefined;
    const layout = await this.layoutFor(parts[0], parts[1]);
    if (!existsSync(layout.workspace)) return undefined;
    return this.build(await this.ensureDirs(layout));
  }

  async create(spec: SandboxSpec): Promise<LocalSandbox> {
    const layout = await this.layoutFor(workspaceSegment(spec.org), workspaceSegment(spec.sessionId, 'no-session'));
    return this.build(await this.ensureDirs(layout));
  }

  async destroy(sandboxId: string): Promise<void> {
    const parts = sandboxId.split('/');
    if (parts.length !== 2 || !parts.every(isWorkspaceSegment)) return;
    const layout = await this.layoutFor(parts[0], parts[1]);
    await rm(layout.workspace, { recursive: true, force: true });
    await rm(layout.tmpDir, { recursive: true, force: true });
  }

  private build(layout: LocalSandboxLayout): LocalSandbox {
    const bubblewrap = this.useBubblewrap();
    if (this.options.isolation === 'bubblewrap' && !bubblewrap) {
      throw new SandboxUnavailableError(`SANDBOX_ISOLATION=bubblewrap but bubblewrap cannot run here: ${this.bubblewrapProbe().reason}`);
    }
    const settings: LocalSandboxSettings = {
      bubblewrap,
      bwrapPath: this.options.bwrapPath ?? 'bwrap',
      shareNetwork: this.options.shareNetwork ?? true,
      defaultTimeoutMs: this.options.commandTimeoutMs ?? 300_000,
      defaultMaxOutputBytes: this.options.maxOutputBytes ?? 256 * 1024,
    };
    return new LocalSandbox(layout, settings);
  }

  private async layoutFor(org: string, session: string): Promise<LocalSandboxLayout> {
    const root = resolve(this.options.rootDir);
    await mkdir(root, { recursive: true }).catch((err: Error) => {
      throw new SandboxUnavailableError(`SANDBOX_ROOT_DIR ${root} cannot be created: ${err.message}`);
    });
    const realRoot = await realpath(root);
    const workspace = join(realRoot, org, session);
    return { id: `${org}/${session}`, workspace, skillsRoot: join(workspace, SKILLS_DIR), tmpDir: join(realRoot, TMP_DIR, org, session) };
  }

  private async ensureDirs(layout: LocalSandboxLayout): Promise<LocalSandboxLayout> {
    for (const dir of [layout.workspace, layout.skillsRoot, layout.tmpDir]) await mkdir(dir, { recursive: true, mode: 0o755 });
    return layout;
  }

  private useBubblewrap(): boolean {
    return this.options.isolation !== 'none' && this.bubblewrapProbe().usable;
  }

  private bubblewrapProbe(): BubblewrapProbe {
    this.probe ??= probeBubblewrap(this.options.bwrapPath);
    return this.probe;
  }
}
