import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** One registry per app instance (tests build many apps in one process). */
export function createMetrics() {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'tocsin_' })
  return {
    registry,
    httpRequests: new Histogram({
      name: 'tocsin_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
      return new Counter({ name, help, labelNames, registers: [registry] })
    },
    gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
      return new Gauge({ name, help, labelNames, registers: [registry] })
    },
    histogram<L extends string>(name: string, help: string, buckets: number[], labelNames: readonly L[] = []) {
      return new Histogram({ name, help, buckets, labelNames, registers: [registry] })
    },
  }
}
export type Metrics = ReturnType<typeof createMetrics>
