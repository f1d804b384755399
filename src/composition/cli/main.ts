import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/config';
import { formatCliError } from './cli-error';
import { runDoctor } from './commands/doctor';
import { localRun } from './commands/local-run';
import { watchFromTerminal } from './commands/watch';
import { startWorker } from './commands/worker';

const DEFAULT_MESSAGE =
  'Write notes.txt with a hello line, read it back with a shell command, track your steps as todos, ask the researcher sub-agent what a sandbox is, then summarize.';

const VERSION: string = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version;

/** The `agent-runner` command line. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('agent-runner')
    .description("Runs Stigmer agents: the Temporal activity worker for stigmer-server, and a local stack to try it.")
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run agent-runner --help for usage)')
    .addHelpText('after', '\nConfiguration comes from environment variables; see README.md (e.g. MODE=local, TEMPORAL_SERVICE_ADDRESS).');

  let exitCode = 0;
  program
    .command('worker')
    .description('run the production worker: polls the agent_execution_runner task queue for EnsureThread, ExecuteGraphton and CleanupSandbox')
    .action(async () => {
      const worker = await startWorker(loadConfig());
      await worker.done;
    });

  program
    .command('dev')
    .description('run the whole local stack (Temporal dev server, embedded Stigmer backend, worker, invoke workflow) and the example agent')
    .option('-m, --message <text>', 'message for the example agent', DEFAULT_MESSAGE)
    .option('-a, --agent <slug|file>', 'agent to run (slug in the local backend, or an agent YAML file)', 'example-agent')
    .option('--once', 'stop the stack after the run (exit code 0 only when it completed)')
    .action(async (opts: { message: string; agent: string; once?: boolean }) => {
      exitCode = await localRun({ agent: opts.agent, message: opts.message, keepRunning: !opts.once });
    });

  program
    .command('run')
    .description('run an agent once on a fresh local stack and show it live; exit code 0 only when it completed')
    .argument('<agent>', 'agent slug or id in the local backend, or a path to an agent YAML file')
    .argument('<message...>', 'what to ask the agent')
    .option('-s, --session <id>', 'continue an existing session (same sandbox and conversation)')
    .option('--model <name>', 'model for this execution, e.g. openai:gpt-4o (ExecutionConfig.model_name)')
    .action(async (agent: string, message: string[], opts: { session?: string; model?: string }) => {
      exitCode = await localRun({ agent, sessionId: opts.session, message: message.join(' '), model: opts.model, keepRunning: false });
    });

  program
    .command('doctor')
    .description('check the configuration and every dependency the worker needs (Temporal, backend, Redis, sandbox, model); exit code 0 when all required checks pass')
    .action(async () => {
      exitCode = await runDoctor(process.env, process.stdout);
    });

  program
    .command('watch')
    .description("follow an execution's live events as they happen (needs Redis, REDIS_HOST); exit code 0 only when it completed")
    .argument('<executionId>', 'the agent execution id')
    .action(async (executionId: string) => {
      exitCode = await watchFromTerminal(executionId);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`agent-runner: ${formatCliError(err)}`);
    exitCode = (err as { exitCode?: number }).exitCode ?? 1;
  }
  return exitCode;
}
