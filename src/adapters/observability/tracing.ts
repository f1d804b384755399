import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-node';
// The worker entry only: the package root also loads the workflow-sandbox interceptors, which this worker never runs.
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export interface TracingOptions {
  serviceName?: string;
  serviceVersion?: string;
  /** Replaces the OTLP/HTTP exporter (tests pass an in-memory one; spans are then exported synchronously). */
  exporter?: SpanExporter;
  /**
   * Install the provider, W3C propagator and async context manager globally (default true) so spans started by
   * libraries, and the parent context the workflow sends in activity headers, join the same trace.
   */
  registerGlobal?: boolean;
}

export interface Tracing {
  /** For `Worker.create({ interceptors: { activity: tracing.activityInterceptors } })`. */
  readonly activityInterceptors: ActivityInterceptorsFactory[];
  readonly tracer: Tracer;
  /** Flushes buffered spans and stops exporting; call on worker shutdown. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing for activities, exported over OTLP/HTTP to `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT, the
 * collector's base URL; traces go to `<endpoint>/v1/traces`). Each activity becomes a span, linked to the workflow's
 * span when the caller propagated one in the Temporal headers. OTEL_EXPORTER_OTLP_HEADERS is honoured by the exporter.
 */
export function createTracingInterceptors(endpoint: string, options: TracingOptions = {}): Tracing {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: tracesUrl(endpoint) });
  const processor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'agent-runner',
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    spanProcessors: [processor],
  });
  if (options.registerGlobal ?? true) provider.register();
  const tracer = provider.getTracer('agent-runner');
  return {
    tracer,
    activityInterceptors: [
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    shutdown: () => provider.shutdown(),
  };
}

/** The OTLP spec: a generic endpoint gets the signal path appended; one already naming /v1/traces is kept. */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}
