import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { Type } from 'typebox'
import { call, gateway } from '../../db/schema/index.js'
import { applyCallStatus } from '../../services/calls/call-status.js'
import { APOLOGY_TWIML, createIvrSessions, HANGUP_TWIML, inputFrom } from '../../services/calls/ivr-session.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'

const CallQuery = Type.Object({ call: Type.Integer({ minimum: 1 }), seq: Type.Optional(Type.Integer({ minimum: 0 })) })
type Params = Record<string, string>

/** Voice webhooks of one call: every request is signed by the call's gateway and names the call. */
export async function callWebhooks(app: FastifyInstance): Promise<void> {
  const { db, config, telephony } = app.deps
  const sessions = createIvrSessions({ db, publicUrl: config.publicUrl })
  const schema = { querystring: CallQuery, hide: true }

  /** The call and its gateway's provider, or null when the call is unknown or the signature is wrong. */
  async function authorised(request: import('fastify').FastifyRequest) {
    const { call: callId } = request.query as { call: number }
    const [row] = await db.select({ call, gateway }).from(call).innerJoin(gateway, eq(gateway.id, call.gatewayId))
      .where(eq(call.id, callId))
    if (!row) return null
    const provider = telephony.voice(row.gateway)
    if (!signatureValid(request, config.publicUrl, provider)) return null
    const sid = (request.body as Params | undefined)?.CallSid
    if (sid && row.call.providerSid && sid !== row.call.providerSid) return null
    return { row: row.call, provider }
  }

  // TwiML answers: an internal error still hangs up politely instead of leaving the caller in silence.
  for (const kind of ['voice', 'gather', 'recording'] as const) {
    app.post(`/${kind}`, { schema }, async (request, reply) => {
      const found = await authorised(request)
      if (!found) return refuseSignature(reply)
      const params = (request.body ?? {}) as Params
      const { call: callId, seq } = request.query as { call: number; seq?: number }
      try {
        const twiml = kind === 'voice'
          ? await sessions.runStep(callId, { kind: 'voice', ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }) })
          : await sessions.runStep(callId, { kind: 'input', seq: seq ?? -1, input: inputFrom(kind, params) })
        return sendTwiml(reply, twiml ?? HANGUP_TWIML)
      } catch (err) {
        request.log.error({ err, callId }, 'IVR step failed')
        return sendTwiml(reply, APOLOGY_TWIML)
      }
    })
  }

  // After a transfer (<Dial action>): the transferred leg ended, so the call ends too.
  app.post('/dial', { schema }, async (request, reply) => {
    const found = await authorised(request)
    if (!found) return refuseSignature(reply)
    const status = (request.body as Params).DialCallStatus
    if (status) request.log.info({ callId: found.row.id, dialCallStatus: status }, 'transfer leg ended')
    return sendTwiml(reply, HANGUP_TWIML)
  })

  app.post('/status', { schema }, async (request, reply) => {
    const found = await authorised(request)
    if (!found) return refuseSignature(reply)
    const params = (request.body ?? {}) as Params
    await db.transaction(async (tx) => {
      const [row] = await tx.select().from(call).where(eq(call.id, found.row.id)).for('update')
      await applyCallStatus(tx, row!, {
        status: params.CallStatus ?? '',
        ...(params.CallDuration !== undefined && { duration: Number(params.CallDuration) || 0 }),
        ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }),
      })
    })
    return reply.status(204).send()
  })

  // Asynchronous AMD verdict: stored; a machine on a human-only call is hung up at once.
  app.post('/amd', { schema }, async (request, reply) => {
    const found = await authorised(request)
    if (!found) return refuseSignature(reply)
    const answeredBy = (request.body as Params).AnsweredBy
    if (answeredBy) {
      await db.update(call).set({ answeredBy, updatedAt: new Date() }).where(eq(call.id, found.row.id))
      const machine = answeredBy.startsWith('machine') || answeredBy === 'fax'
      if (machine && found.row.amdBehavior === 2 && found.row.providerSid) await found.provider.hangup(found.row.providerSid)
    }
    return reply.status(204).send()
  })
}
