/**
 * `workflowsPath` for the dev workflow worker. Temporal looks workflows up by export name, and the Go workflow
 * type contains slashes, hence the string export name.
 */
import { invokeAgentExecution } from './invoke-agent-execution.workflow';

export { invokeAgentExecution as 'stigmer/agent-execution/invoke' };
