/** Public surface of the Temporal adapter, for the composition root and the CLI. */
export { runWorker, type RunWorkerDeps } from './run-worker';
export type { WorkerHandle } from './managed-worker';
export type { ExecuteAgent } from './activities/activity-deps';
export type { TemporalSettings } from './settings';
export { payloadConverter, payloadConverterPath } from './payload/payload-converter';
export { createTemporalClient } from './client/temporal-client';
export { startInvokeWorkflow, type StartInvokeOptions } from './client/start-invoke-workflow';
export { runDevWorkflowWorker, bundleInvokeWorkflow, type DevWorkflowWorkerDeps } from './dev/run-dev-workflow-worker';
export type { StatusWriter } from './dev/stigmer-activities';
export * from './contract';
export { startDevServer, freePort, type DevServer, type DevServerOptions } from './dev/temporal-dev-server';
export { findTemporalCli } from './dev/temporal-cli';
