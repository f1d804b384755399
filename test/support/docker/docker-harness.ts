/**
 * A Docker daemon for tests. `acquireDocker()` runs at module load (synchronously, so a test file can decide
 * whether to register its suites): it reuses a daemon that already answers, or starts `dockerd` (root, logging to
 * a file, waiting until `docker info` answers), then builds the busybox sandbox image locally (no registry).
 * `release()` stops a daemon the harness started once no other test file holds a lease on it.
 *
 * When Docker cannot be had: under CI=true the test file fails with the reason; otherwise it is skipped loudly.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface DockerForTests {
  available: boolean;
  reason?: string;
  /** unix:///path/to/docker.sock */
  dockerHost: string;
  socketPath: string;
  image: string;
  release(): void;
}

const LEASE_SCRIPT = join(__dirname, 'dockerd-lease.sh');
const STATE_DIR = process.env.AGENT_RUNNER_TEST_DOCKER_STATE ?? '/tmp/agent-runner-test-dockerd';

function underLock(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('flock', ['-o', `${STATE_DIR}.lock`, 'bash', LEASE_SCRIPT, ...args], { encoding: 'utf8', timeout: 180_000 });
  if (result.error) return { status: 1, stdout: `reason=${result.error.message}`, stderr: '' };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function acquireDocker(): DockerForTests {
  const lease = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const result = underLock(['acquire', lease]);
  const values = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    underLock(['release', lease]);
  };
  if (result.status !== 0 || !values.docker_host) {
    release();
    return {
      available: false,
      reason: values.reason ?? (result.stderr.trim() || 'the Docker harness failed'),
      dockerHost: '',
      socketPath: '',
      image: '',
      release: () => undefined,
    };
  }
  const dockerHost = values.docker_host;
  return { available: true, dockerHost, socketPath: dockerHost.replace(/^unix:\/\//, ''), image: values.image, release };
}

/**
 * Acquires Docker for a test file and decides how its Docker suites run: registered normally when Docker is
 * available; when not, a thrown error under CI=true (the file fails) or a loud skip otherwise.
 */
export function dockerForTestFile(): { docker: DockerForTests; describeDocker: jest.Describe } {
  const docker = acquireDocker();
  if (docker.available) {
    afterAll(() => docker.release());
    return { docker, describeDocker: describe };
  }
  if (process.env.CI === 'true') throw new Error(`Docker is required in CI but could not be started: ${docker.reason}`);
  console.error(`SKIPPING Docker sandbox tests (set CI=true to make this a failure): ${docker.reason}`);
  return { docker, describeDocker: describe.skip };
}

/** Runs the docker CLI against the harness daemon (for test setup and assertions only). */
export function dockerCli(docker: DockerForTests, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: docker.dockerHost }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
