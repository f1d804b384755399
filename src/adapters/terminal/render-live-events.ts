import type { ExecutionPhase } from '../../domain/status/execution-status';
import type { LiveEventEnvelope } from '../../ports/live-events.port';
import { LiveEventView } from './live-event-view';
import { PlainScreen } from './plain-screen';
import { Style } from './style';
import { TtyScreen } from './tty-screen';

export interface RenderLiveEventsOptions {
  /** Spinner and in-place redraws; defaults to whether `out` is a TTY. Plain line output otherwise. */
  interactive?: boolean;
  /** Defaults to interactive output without NO_COLOR set. */
  color?: boolean;
  /** Terminal width; defaults to `out.columns`, then 80. */
  columns?: number;
  /** One-line previews of tool results and sub-agent input/output are cut to this many characters. */
  previewChars?: number;
  spinnerIntervalMs?: number;
}

/**
 * Renders an execution's live events (e.g. from LiveEventReader.follow) to a terminal or a plain stream and
 * resolves with the last phase seen (undefined if the events carried none). Errors of the event source are
 * rethrown after the output is left tidy.
 */
export async function renderLiveEvents(
  events: AsyncIterable<LiveEventEnvelope>,
  out: NodeJS.WritableStream,
  options: RenderLiveEventsOptions = {},
): Promise<ExecutionPhase | undefined> {
  const tty = out as Partial<NodeJS.WriteStream>;
  const interactive = options.interactive ?? tty.isTTY === true;
  const style = new Style(options.color ?? (interactive && !process.env.NO_COLOR));
  const screen = interactive
    ? new TtyScreen(out, style, { columns: () => options.columns ?? tty.columns ?? 80, spinnerIntervalMs: options.spinnerIntervalMs ?? 80 })
    : new PlainScreen(out);
  const view = new LiveEventView(screen, style, { interactive, previewChars: options.previewChars ?? 120 });
  try {
    for await (const { event } of events) view.apply(event);
  } finally {
    screen.end();
  }
  return view.phase;
}
