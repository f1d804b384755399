/** Public surface of the terminal renderer, for `agent-runner watch <executionId>` and `agent-runner run`. */
export { renderLiveEvents, type RenderLiveEventsOptions } from './render-live-events';
