/** Public surface of the embedded backend, for the composition root and the CLI. */
export { DEFAULT_LOCAL_BACKEND_PORT, startLocalBackend, type LocalBackend, type LocalBackendOptions } from './local-backend-server';
export { LocalStore } from './local-store';
export { createLocalRun, registerAgentFile, resolveAgent, type LocalRun, type LocalRunRequest } from './local-runs';
export { findExamplesDir, seedDataDirIfEmpty } from './seed-data-dir';
