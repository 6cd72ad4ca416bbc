import type { FastifyInstance, FastifyRequest } from 'fastify'
import { eq } from 'drizzle-orm'
import { Type } from 'typebox'
import type { Tx } from '../../db/client.js'
import { call, gateway, type Call } from '../../db/schema/index.js'
import { advanceCallStatus } from '../../services/calls/call-status.js'
import { APOLOGY_TWIML, createIvrSessions, HANGUP_TWIML, inputFrom } from '../../services/calls/ivr-session.js'
import { endCall } from '../../services/scheduler/end-call.js'
import { callStatusFromTwilio, CallStatus, isFinalCallStatus } from '../../telephony/callstatus.js'
import type { TelephonyProvider } from '../../telephony/provider.js'
import { reportedSeconds } from '../../telephony/seconds.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'
import { Id, Int4 } from '../../schemas/common.js'

const CallQuery = Type.Object({ call: Id(), seq: Type.Optional(Int4()) })
type Params = Record<string, string>
type SignedCall = { tx: Tx; row: Call; provider: TelephonyProvider }
const REFUSED = Symbol('refused')
// What the provider registry needs of a gateway (to check signatures and hang up), and no more: read on every callback.
const providerColumns = {
  id: gateway.id, provider: gateway.provider, accountSid: gateway.accountSid, authTokenEncrypted: gateway.authTokenEncrypted,
  baseUrl: gateway.baseUrl, updatedDate: gateway.updatedDate,
}

/** Voice webhooks of one call: every request is signed by the call's gateway and names the call. */
export async function callWebhooks(app: FastifyInstance): Promise<void> {
  const { db, config, telephony, logger, scheduler } = app.deps
  const sessions = createIvrSessions({ publicUrl: config.publicUrl })
  const schema = { querystring: CallQuery, hide: true }

  /**
   * Runs `work` on the call the request names, locked, once the request's signature checks out against the call's
   * gateway — one read of the row serves both, and the work sees the row as no other callback can change it.
   * `lock: false` reads the row without a transaction, for work that is a single guarded statement.
   */
  function withSignedCall<T>(
    request: FastifyRequest, work: (signed: SignedCall) => Promise<T>, { lock = true } = {},
  ): Promise<T | typeof REFUSED> {
    const { call: callId } = request.query as { call: number }
    const run = async (tx: Tx) => {
      const query = tx.select({ call, gateway: providerColumns }).from(call).innerJoin(gateway, eq(gateway.id, call.gatewayId)).where(eq(call.id, callId))
      const [found] = lock ? await query.for('update', { of: call }) : await query
      if (!found) return REFUSED
      const provider = telephony.voice(found.gateway)
      if (!signatureValid(request, config.publicUrl, provider)) return REFUSED
      const sid = (request.body as Params | undefined)?.CallSid
      if (sid && found.call.providerSid && sid !== found.call.providerSid) return REFUSED
      return work({ tx, row: found.call, provider })
    }
    return lock ? db.transaction(run) : run(db)
  }

  // TwiML answers: an internal error still hangs up politely instead of leaving the caller in silence.
  for (const kind of ['voice', 'gather', 'recording'] as const) {
    app.post(`/${kind}`, { schema }, async (request, reply) => {
      const params = (request.body ?? {}) as Params
      const { seq } = request.query as { call: number; seq?: number }
      try {
        const twiml = await withSignedCall(request, ({ tx, row }) => kind === 'voice'
          ? sessions.runStep(tx, row, { kind: 'voice', ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }) })
          : sessions.runStep(tx, row, { kind: 'input', seq: seq ?? -1, input: inputFrom(kind, params) }))
        if (twiml === REFUSED) return refuseSignature(reply)
        return sendTwiml(reply, twiml)
      } catch (err) {
        request.log.error({ err, callId: (request.query as { call: number }).call }, 'IVR step failed')
        return sendTwiml(reply, APOLOGY_TWIML)
      }
    })
  }

  // After a transfer (<Dial action>): the transferred leg ended, so the call ends too.
  app.post('/dial', { schema }, async (request, reply) => {
    const status = (request.body as Params | undefined)?.DialCallStatus
    const found = await withSignedCall(request, async ({ row }) => row, { lock: false })
    if (found === REFUSED) return refuseSignature(reply)
    if (status) request.log.info({ callId: found.id, dialCallStatus: status }, 'transfer leg ended')
    return sendTwiml(reply, HANGUP_TWIML)
  })

  // A final status settles the call's alarm attempt in the same transaction (end-call.ts); progress needs no lock.
  app.post('/status', { schema }, async (request, reply) => {
    const params = (request.body ?? {}) as Params
    const duration = reportedSeconds(params.CallDuration)
    const report = {
      status: params.CallStatus ?? '',
      ...(duration !== undefined && { duration }),
      ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }),
    }
    const code = callStatusFromTwilio(report.status)
    const done = code === CallStatus.none || isFinalCallStatus(code)
      ? await withSignedCall(request, ({ tx, row }) => endCall(tx, { logger, scheduler }, row, report))
      : await withSignedCall(request, ({ row }) => advanceCallStatus(db, row.id, report), { lock: false })
    if (done === REFUSED) return refuseSignature(reply)
    return reply.status(204).send()
  })

  // Asynchronous AMD verdict: stored; a machine on a human-only call is hung up at once (after commit).
  app.post('/amd', { schema }, async (request, reply) => {
    const answeredBy = (request.body as Params | undefined)?.AnsweredBy
    const found = await withSignedCall(request, async ({ tx, row, provider }) => {
      if (answeredBy) await tx.update(call).set({ answeredBy, updatedAt: new Date() }).where(eq(call.id, row.id))
      return { row, provider }
    })
    if (found === REFUSED) return refuseSignature(reply)
    const machine = !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')
    if (machine && found.row.amdBehavior === 2 && found.row.providerSid) await found.provider.hangup(found.row.providerSid)
    return reply.status(204).send()
  })
}
