// Request and response schemas of the simulator's control API (they are its OpenAPI description too). Bodies are
// strict: a field the simulator does not know is a 400 naming it (strict-validation.ts), never silently ignored.
import { Type } from 'typebox'
import { SIMULATED_ERROR_CODES } from './twilio-errors.js'
import { ANSWERED_BY, CALLEE_BEHAVIORS } from './types.js'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
})

const script = {
  behavior: Type.Optional(Type.Union(CALLEE_BEHAVIORS.map((b) => Type.Literal(b)), { description: 'how the number answers calls (and, for `fail`, texts: undelivered)' })),
  presses: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Integer()]), { description: "one entry per <Gather>: digits, or '' / 'silence'" })),
  ring_seconds: Type.Optional(Type.Number({ minimum: 0, maximum: 3600 })),
  talk_seconds: Type.Optional(Type.Number({ minimum: 0, maximum: 3600 })),
  drop_callbacks: Type.Optional(Type.Boolean({ description: 'swallow every status callback of calls and texts to this number' })),
  interactive: Type.Optional(Type.Boolean({ description: 'a person answers with `tocsin phone`' })),
  error_code: Type.Optional(Nullable(Type.Union(SIMULATED_ERROR_CODES.map((c) => Type.Literal(c)), {
    description: 'a Twilio error create requests meet, with its HTTP status and words: to this number, or from it for 21210 and 21611',
  }))),
  answered_by: Type.Optional(Nullable(Type.Union(ANSWERED_BY.map((a) => Type.Literal(a)), {
    description: 'what answering machine detection reports for this number (`unknown`: its 30 s timeout passes)',
  }))),
}

export const CalleeScriptBody = Type.Object(script, { additionalProperties: false, description: 'omitted fields take the defaults' })

export const NumberParams = Type.Object({ number: Type.String({ description: 'E.164, e.g. +15551234567' }) })

export const FaultBody = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal(429), Type.Literal(500), Type.Literal(503)], { default: 429 })),
  count: Type.Optional(Type.Integer({ minimum: 0, default: 1 })),
}, { additionalProperties: false })

export const ChaosBody = Type.Object({
  seed: Type.Optional(Type.Integer({ description: 'the same seed replays the same disorder (per call and message, in creation order)', default: 1 })),
  reorder: Type.Optional(Type.Boolean({ description: 'status callbacks leave independently, each after its own delay', default: false })),
  duplicate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'chance a callback or TwiML request is sent twice', default: 0 })),
  drop: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'chance a status callback is never sent', default: 0 })),
  delay_ms: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 60_000 }), {
    minItems: 2, maxItems: 2, description: '[min, max] real milliseconds every callback and TwiML request waits', default: [0, 0],
  })),
  final_before_action: Type.Optional(Type.Number({
    minimum: 0, maximum: 1, description: 'chance a callee hangs up as they press: `completed` arrives before the action request', default: 0,
  })),
  ambiguous_create: Type.Optional(Type.Number({
    minimum: 0, maximum: 1, description: 'chance a call create places the call but answers 503 or cuts the connection', default: 0,
  })),
}, { additionalProperties: false })

const ChaosSettings = Type.Object({
  seed: Type.Integer(), reorder: Type.Boolean(), duplicate: Type.Number(), drop: Type.Number(),
  delay_ms: Type.Array(Type.Integer()), final_before_action: Type.Number(), ambiguous_create: Type.Number(),
})
export const ChaosReply = Type.Object({ chaos: Nullable(ChaosSettings) })

export const LimitsBody = Type.Object({
  calls_per_second: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: "the account's call queue (Twilio's default 1); 0: no limit" })),
  sms_segments_per_second: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000, description: "each sender's text queue (a long code's ~1); 0: no limit" })),
}, { additionalProperties: false })
export const LimitsReply = Type.Object({ calls_per_second: Type.Number(), sms_segments_per_second: Type.Number() })

export const IncomingSmsBody = Type.Object({
  to: Type.String({ description: "one of the account's numbers (E.164): a gateway's sender or caller ID" }),
  body: Type.String({ minLength: 1, maxLength: 1600 }),
}, { additionalProperties: false })

export const IncomingSmsReply = Type.Object({
  sid: Type.String(),
  from: Type.String(),
  to: Type.String(),
  body: Type.String(),
  opted_out: Type.Boolean({ description: 'texts from `to` to this phone now fail with 21610 (an opt-out keyword was sent, and no opt-in since)' }),
  webhook: Type.Object({ url: Type.String(), response_code: Nullable(Type.Integer()), error: Type.Optional(Type.String()) }),
  twiml: Type.String({ description: "the application's answer (a <Message> is its reply)" }),
})
