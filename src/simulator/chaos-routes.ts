import type { FastifyInstance } from 'fastify'
import type { Chaos, ChaosSettings } from './chaos.js'
import { ChaosBody, ChaosReply, ErrorBody, LimitsBody, LimitsReply } from './control-schemas.js'
import type { SimulatorStore } from './store.js'
import type { SimLimits } from './types.js'

const tags = ['simulator']

/** Off unless asked for: every field not given is calm. */
export function chaosFrom(body: Partial<ChaosSettings>): ChaosSettings {
  const [low = 0, high = low] = body.delay_ms ?? [0, 0]
  return {
    seed: body.seed ?? 1,
    reorder: body.reorder ?? false,
    duplicate: body.duplicate ?? 0,
    drop: body.drop ?? 0,
    delay_ms: [Math.min(low, high), Math.max(low, high)],
    final_before_action: body.final_before_action ?? 0,
    ambiguous_create: body.ambiguous_create ?? 0,
  }
}

/** The network's disorder (`/chaos`) and the account's queues (`/limits`). */
export async function registerChaosApi(app: FastifyInstance, { store, chaos }: { store: SimulatorStore; chaos: Chaos }): Promise<void> {
  app.put('/chaos', {
    schema: {
      tags, summary: 'Turn on seeded disorder: delayed, reordered, duplicated and dropped callbacks, hang-ups before the last action, ambiguous creates',
      body: ChaosBody, response: { 200: ChaosReply, 400: ErrorBody },
    },
  }, async (request) => {
    chaos.set(chaosFrom((request.body ?? {}) as Partial<ChaosSettings>))
    return { chaos: chaos.settings() }
  })

  app.get('/chaos', { schema: { tags, summary: 'The disorder in force (null: none)', response: { 200: ChaosReply } } }, async () => ({ chaos: chaos.settings() }))

  app.delete('/chaos', { schema: { tags, summary: 'Turn the disorder off' } }, async (_request, reply) => {
    chaos.set(null)
    return reply.code(204).send()
  })

  app.put('/limits', {
    schema: {
      tags, summary: "Set the account's calls per second and each sender's text segments per second (simulated time)",
      body: LimitsBody, response: { 200: LimitsReply, 400: ErrorBody },
    },
  }, async (request) => {
    store.setLimits({ ...store.limits(), ...(request.body as Partial<SimLimits>) })
    return store.limits()
  })

  app.get('/limits', { schema: { tags, summary: 'The queues in force', response: { 200: LimitsReply } } }, async () => store.limits())
}
