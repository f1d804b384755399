/**
 * Child process of the benchmark: the OpenAI protocol stub (test/support/llm) playing one script by history, plus a
 * record of when each chat request arrived and when its response was fully written, taken from Node's own HTTP
 * diagnostics channels (nothing in the stub changes). A separate process, so the model side does not share the
 * worker's event loop, like a remote provider. Talks to the parent over IPC: `ready`, then `timings` on request.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { startOpenAiStub } from '../test/support/llm/openai-stub';
import type { ModelRequestTiming, ModelServerMessage, ModelServerRequest } from './model-server';

const wallClockMs = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const [scriptJson, latency] = process.argv.slice(2);
  const timings: ModelRequestTiming[] = [];
  const open = new WeakMap<IncomingMessage, ModelRequestTiming>();
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (request.method !== 'POST' || !/\/chat\/completions$/.test(request.url ?? '')) return;
    const timing: ModelRequestTiming = { startedAt: wallClockMs() };
    open.set(request, timing);
    timings.push(timing);
  });
  subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: IncomingMessage };
    const timing = open.get(request);
    if (timing) timing.finishedAt = wallClockMs();
  });

  const stub = await startOpenAiStub({ script: JSON.parse(scriptJson), latencyMs: Number(latency), playback: 'by-history' });
  const send = (message: ModelServerMessage) => process.send?.(message);
  process.on('message', (request: ModelServerRequest) => {
    // Hands over what was recorded so far and forgets it, so memory stays bounded over a long run.
    if (request.type === 'take-timings') send({ type: 'timings', id: request.id, timings: timings.splice(0) });
  });
  process.on('disconnect', () => void stub.close().then(() => process.exit(0)));
  send({ type: 'ready', baseUrl: `${stub.url}/v1` });
}

main().catch((err: unknown) => {
  console.error(`model server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
