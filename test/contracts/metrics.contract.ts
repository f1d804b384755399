import type { Metrics } from '../../src/ports/metrics.port';

/** What a Metrics implementation has recorded, in terms every implementation can answer. */
export interface MetricsReading {
  /** Executions started and not yet finished. */
  inFlight: number;
  /** Finished executions by terminal phase (phases never seen may be absent). */
  finished: Record<string, number>;
  firstTokens: number;
  statusFlushes: { ok: number; error: number };
  /** Sandbox acquisitions by `<provider>/<new|reused>`. */
  sandboxAcquisitions: Record<string, number>;
  skillInstalls: number;
  heartbeatFailures: number;
}

export interface MetricsSubject {
  metrics: Metrics;
  read(): Promise<MetricsReading>;
}

/** Behaviour every Metrics must show (run against PrometheusMetrics and RecordingMetrics). */
export function describeMetricsContract(name: string, factory: () => MetricsSubject): void {
  describe(`Metrics contract: ${name}`, () => {
    let subject: MetricsSubject;

    beforeEach(() => {
      subject = factory();
    });

    it('starts empty', async () => {
      const reading = await subject.read();
      expect(reading.inFlight).toBe(0);
      expect(Object.values(reading.finished).reduce((a, b) => a + b, 0)).toBe(0);
      expect(reading).toMatchObject({ firstTokens: 0, statusFlushes: { ok: 0, error: 0 }, skillInstalls: 0, heartbeatFailures: 0 });
      expect(Object.values(reading.sandboxAcquisitions).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it('accepts realistic values for every method without throwing, and shows their effect', async () => {
      const m = subject.metrics;
      expect(() => {
        m.executionStarted();
        m.executionStarted();
        m.sandboxAcquired('local', false, 30);
        m.sandboxAcquired('local', true, 5);
        m.skillsInstalled(40);
        m.firstToken(850);
        m.statusFlush(5, true);
        m.statusFlush(7, true);
        m.statusFlush(120, false);
        m.heartbeatFailed();
        m.executionFinished('COMPLETED', 1200);
      }).not.toThrow();

      const reading = await subject.read();
      expect(reading.inFlight).toBe(1);
      expect(reading.finished.COMPLETED).toBe(1);
      expect(reading.finished.FAILED ?? 0).toBe(0);
      expect(reading.firstTokens).toBe(1);
      expect(reading.statusFlushes).toEqual({ ok: 2, error: 1 });
      expect(reading.sandboxAcquisitions).toMatchObject({ 'local/new': 1, 'local/reused': 1 });
      expect(reading.skillInstalls).toBe(1);
      expect(reading.heartbeatFailures).toBe(1);
    });

    it('counts finishes per phase', async () => {
      const m = subject.metrics;
      for (const phase of ['COMPLETED', 'FAILED', 'CANCELLED', 'COMPLETED'] as const) {
        m.executionStarted();
        m.executionFinished(phase, 10);
      }
      const reading = await subject.read();
      expect(reading.finished).toMatchObject({ COMPLETED: 2, FAILED: 1, CANCELLED: 1 });
      expect(reading.inFlight).toBe(0);
    });

    it('tolerates edge values (zero durations, a finish without a start) without throwing', () => {
      const m = subject.metrics;
      expect(() => {
        m.executionFinished('FAILED', 0);
        m.firstToken(0);
        m.statusFlush(0, true);
        m.sandboxAcquired('docker', false, 0);
        m.skillsInstalled(0);
      }).not.toThrow();
    });
  });
}
