import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli/cli-error';

/**
 * One local stack per data directory: two would write the same embedded store. The lock is a pid file; a stale
 * one (its process is gone) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'stack.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new CliError(
          `a local stack is already running with data in ${dataDir} (pid ${pid}): stop it first, ` +
            'or set AGENT_RUNNER_DATA_DIR to another directory',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new CliError(`could not lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
