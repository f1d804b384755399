import Dockerode from 'dockerode';
import { dockerMessage, isNotFound } from '../../../adapters/sandbox/docker/docker-errors';
import type { Config } from '../../config/config';
import { CheckFailure, type DoctorCheck } from './check';

/** The Docker sandbox: the daemon answers a ping, and the sandbox image is there (or will be pulled on first use). */
export function dockerSandboxCheck(config: Config, env: NodeJS.ProcessEnv, timeoutMs: number): DoctorCheck {
  const { image, autoPull } = config.sandbox;
  const dockerHost = env.DOCKER_HOST;
  const where = dockerHost ?? 'the default socket /var/run/docker.sock';
  return {
    name: 'sandbox (docker)',
    required: true,
    fix: `start the Docker daemon at ${where} (or set DOCKER_HOST), or use SANDBOX_TYPE=filesystem`,
    async run() {
      const docker = new Dockerode({ ...(dockerHost?.startsWith('unix://') ? { socketPath: dockerHost.slice('unix://'.length) } : {}), timeout: timeoutMs });
      try {
        await docker.ping();
      } catch (err) {
        throw new CheckFailure(`the Docker daemon at ${where} does not answer: ${dockerMessage(err)}`);
      }
      const daemon = `daemon answers at ${where}`;
      try {
        await docker.getImage(image).inspect();
        return `${daemon}; image ${image} present`;
      } catch (err) {
        if (!isNotFound(err)) throw new CheckFailure(`${daemon}, but looking up image ${image} failed: ${dockerMessage(err)}`);
      }
      if (autoPull) return `${daemon}; image ${image} not present yet: it is pulled on first use (STIGMER_SANDBOX_AUTO_PULL=true)`;
      throw new CheckFailure(
        `image ${image} is not on the Docker host and STIGMER_SANDBOX_AUTO_PULL=false`,
        `docker pull ${image}, or set STIGMER_SANDBOX_AUTO_PULL=true, or set STIGMER_SANDBOX_IMAGE to an image the host has`,
      );
    },
  };
}
