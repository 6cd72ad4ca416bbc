import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { reportAmdVerdict, reportCallStatus, REFUSED, runSignedStep, withSignedCall, type CallbackOrigin } from '../../dialer/call-callbacks.js'
import { APOLOGY_TWIML, createIvrSessions, HANGUP_TWIML, inputFrom } from '../../dialer/ivr-session.js'
import { Id, Int4 } from '../../kit/ids.js'
import { reportedSeconds } from '../../telephony/seconds.js'
import { refuseSignature, sendTwiml, signatureValid } from './verify.js'

const CallQuery = Type.Object({ call: Id(), seq: Type.Optional(Int4()) })
type Params = Record<string, string>

/** Voice webhooks of one call: every request is signed by the call's gateway and names the call. */
export async function callWebhooks(app: FastifyInstance): Promise<void> {
  const { deps } = app
  const sessions = createIvrSessions(deps)
  const schema = { querystring: CallQuery, hide: true }

  const originOf = (request: FastifyRequest): CallbackOrigin => ({
    callId: (request.query as { call: number }).call,
    sid: (request.body as Params | undefined)?.CallSid,
    signedBy: (provider) => signatureValid(request, deps.config.publicUrl, provider),
  })

  // TwiML answers: an internal error still hangs up politely instead of leaving the caller in silence.
  for (const kind of ['voice', 'gather', 'recording'] as const) {
    app.post(`/${kind}`, { schema }, async (request, reply) => {
      const params = (request.body ?? {}) as Params
      const { seq } = request.query as { call: number; seq?: number }
      try {
        const twiml = await runSignedStep(deps, sessions, originOf(request), kind === 'voice'
          ? { kind: 'voice', ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }) }
          : { kind: 'input', seq: seq ?? -1, input: inputFrom(kind, params) })
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
    const found = await withSignedCall(deps, originOf(request), async ({ row }) => row, { lock: false })
    if (found === REFUSED) return refuseSignature(reply)
    if (status) request.log.info({ callId: found.id, dialCallStatus: status }, 'transfer leg ended')
    return sendTwiml(reply, HANGUP_TWIML)
  })

  app.post('/status', { schema }, async (request, reply) => {
    const params = (request.body ?? {}) as Params
    const duration = reportedSeconds(params.CallDuration)
    const done = await reportCallStatus(deps, originOf(request), {
      status: params.CallStatus ?? '',
      ...(duration !== undefined && { duration }),
      ...(params.AnsweredBy && { answeredBy: params.AnsweredBy }),
      ...(params.ErrorCode && Number.isInteger(Number(params.ErrorCode)) && { errorCode: Number(params.ErrorCode) }),
    })
    if (done === REFUSED) return refuseSignature(reply)
    return reply.status(204).send()
  })

  app.post('/amd', { schema }, async (request, reply) => {
    const done = await reportAmdVerdict(deps, originOf(request), (request.body as Params | undefined)?.AnsweredBy)
    if (done === REFUSED) return refuseSignature(reply)
    return reply.status(204).send()
  })
}
