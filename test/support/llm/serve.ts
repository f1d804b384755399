/**
 * Runs one provider protocol stub as a standalone process (benchmarks, manual runs against the real runner):
 *
 *   node -r @swc-node/register test/support/llm/serve.ts --provider openai \
 *     --script examples/scripts/example-agent.yaml --latency-ms 200 --playback by-history --port 8080
 *
 * Prints one JSON line `{"provider","url","baseUrl"}` once listening (baseUrl is what to put in
 * OPENAI_BASE_URL / ANTHROPIC_BASE_URL / OLLAMA_BASE_URL) and stops on SIGINT/SIGTERM. Binds 127.0.0.1 only.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { startAnthropicStub } from './anthropic-stub';
import { startOllamaStub } from './ollama-stub';
import { startOpenAiStub } from './openai-stub';
import type { StubOptions, StubServer } from './stub-server';

const STARTERS: Record<string, (options: StubOptions) => Promise<StubServer>> = {
  openai: startOpenAiStub,
  anthropic: startAnthropicStub,
  ollama: startOllamaStub,
};

function wholeNumber(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    return Number(value);
  };
}

export async function main(argv: string[]): Promise<StubServer> {
  const options = new Command()
    .name('llm-stub')
    .addOption(new Option('--provider <name>', 'protocol to speak').choices(Object.keys(STARTERS)).makeOptionMandatory())
    .requiredOption('--script <path>', 'YAML/JSON model script')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', wholeNumber('--port'), 0)
    .option('--latency-ms <ms>', 'delay before every response (overrides the script)', wholeNumber('--latency-ms'))
    .addOption(new Option('--playback <mode>', 'sequential or by-history').choices(['sequential', 'by-history']).default('sequential'))
    .parse(argv, { from: 'user' })
    .opts<{ provider: string; script: string; port: number; latencyMs?: number; playback: 'sequential' | 'by-history' }>();
  const stub = await STARTERS[options.provider]({ script: options.script, port: options.port, latencyMs: options.latencyMs, playback: options.playback });
  const baseUrl = options.provider === 'openai' ? `${stub.url}/v1` : stub.url;
  process.stdout.write(`${JSON.stringify({ provider: options.provider, url: stub.url, baseUrl })}\n`);
  return stub;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (stub) => {
      const stop = () => void stub.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: unknown) => {
      console.error(`llm-stub: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
