import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeBubblewrap, type BubblewrapProbe } from '../../../adapters/sandbox/local/bubblewrap';
import type { Config } from '../../config/config';
import { CheckFailure, errorText, type DoctorCheck } from './check';

/**
 * The local sandbox: SANDBOX_ROOT_DIR writable (workspaces are created there), and which isolation commands get.
 * Two checks sharing one bubblewrap probe: the root is always required, bubblewrap only when SANDBOX_ISOLATION forces it.
 */
export function localSandboxChecks(config: Config): DoctorCheck[] {
  const { rootDir, isolation } = config.sandbox;
  let probe: BubblewrapProbe | undefined;
  const bubblewrap = () => (probe ??= probeBubblewrap());
  const activeIsolation = () => {
    if (isolation === 'none') return 'none (SANDBOX_ISOLATION=none): commands run directly on the worker host';
    if (bubblewrap().usable) return 'bubblewrap (system read-only, only the session workspace writable)';
    if (isolation === 'bubblewrap') return 'bubblewrap required but unusable';
    return 'none: bubblewrap is not usable, so commands run directly on the worker host';
  };
  const rootCheck: DoctorCheck = {
    name: 'sandbox (local)',
    required: true,
    fix: `set SANDBOX_ROOT_DIR to a directory the worker's user can create and write (now ${rootDir})`,
    async run() {
      const probeFile = join(rootDir, `.doctor-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await mkdir(rootDir, { recursive: true });
        await writeFile(probeFile, 'agent-runner doctor\n');
      } catch (err) {
        throw new CheckFailure(`SANDBOX_ROOT_DIR ${rootDir} is not writable: ${errorText(err)}`);
      } finally {
        await rm(probeFile, { force: true }).catch(() => undefined);
      }
      return `workspaces under ${rootDir} (writable); isolation: ${activeIsolation()}`;
    },
  };
  const bubblewrapCheck: DoctorCheck = {
    name: 'bubblewrap',
    required: isolation === 'bubblewrap',
    fix: 'install bubblewrap (apt-get install bubblewrap) where unprivileged user namespaces are allowed, or set SANDBOX_ISOLATION=none to accept unisolated commands',
    async run() {
      if (isolation === 'none') return 'not used (SANDBOX_ISOLATION=none)';
      const result = bubblewrap();
      if (!result.usable) {
        const consequence = isolation === 'bubblewrap' ? 'SANDBOX_ISOLATION=bubblewrap makes every local sandbox fail' : 'commands run unisolated';
        throw new CheckFailure(`not usable: ${result.reason ?? 'unknown reason'}; ${consequence}`);
      }
      return `works: every command runs in its own namespaces${isolation === 'bubblewrap' ? ' (SANDBOX_ISOLATION=bubblewrap)' : ''}`;
    },
  };
  return [rootCheck, bubblewrapCheck];
}
