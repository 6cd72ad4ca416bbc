import { eq, sql } from 'drizzle-orm'
import {
  renderTwiml, start, step, type Command, type IvrContext, type IvrInput, type SessionState, type StepResult,
  type SurveyDefinition, type IvrEvent,
} from '../../ivr/index.js'
import type { Tx } from '../db/client.js'
import { builtOnceSql } from '../db/built-once.js'
import { rowFromJson } from '../db/row-from-json.js'
import { call, sealedSurvey, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { canTransition, CallStatus, isFinalCallStatus, type CallStatusCode } from '../codes/call-status.js'
import { answerRows, applyIvrEffects, ivrColumns } from './call-effects.js'
import { reportedSeconds } from '../telephony/seconds.js'
import { transcriptOf } from './transcript.js'
import { callUrls } from './urls.js'
import { gatewayUnchangedAt, sidAdoption, type ProviderGateway } from './call-rows.js'
import { isMachine } from '../codes/amd-behavior.js'

export const HANGUP_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'
export const APOLOGY_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Say>We are sorry, an application error occurred. Goodbye.</Say><Hangup/></Response>'

/** What a step writes on the call row (with the row's own values where it keeps them: STEP_SET). */
interface StepWrite {
  ivrState: SessionState
  seq: number
  lastTwiml: string
  /** the voice webhook's machine-detection verdict (null: none given, or not the voice webhook) */
  answeredBy: string | null
  /** the voice webhook answers the call: it moves to in-progress without waiting for a status callback saying so */
  answered: boolean
  columns: ReturnType<typeof ivrColumns>
  /** this step's lines of the transcript, appended (JSON) */
  transcript: string
  now: Date
}

type Prepared =
  | { reply: string }
  | { twiml: string; write: StepWrite; events: IvrEvent[]; commands: Command[]; ended: boolean }

// A step's write on the call row, every value a placeholder (stepValues gives them), for the two statements below,
// built once and named (built-once.ts): what the step does not set stays as it is, and what another callback stored
// since the row was read is kept (answered_by, answered_at). `adopt`: the carrier's SID, for a call that has none.
const ph = sql.placeholder
const STEP_SET = sql`ivr_state = ${ph('ivrState')}::jsonb, seq = ${ph('seq')}::int, last_twiml = ${ph('lastTwiml')}::text,
  answered_by = coalesce(${ph('answeredBy')}::text, ${call.answeredBy}),
  answered_at = coalesce(${call.answeredAt}, ${ph('now')}::timestamptz),
  status = case when ${ph('answered')}::boolean then 'in-progress' else ${call.status} end,
  callstatus = case when ${ph('answered')}::boolean then ${CallStatus.inProgress}::int else ${call.callstatus} end,
  result = coalesce(${ph('result')}::int, ${call.result}),
  transferred_to = coalesce(${ph('transferredTo')}::text, ${call.transferredTo}),
  transcript = ${call.transcript} || ${ph('transcript')}::jsonb,
  provider_sid = ${sidAdoption(ph('id'), ph('adopt')).set.providerSid},
  updated_at = ${ph('now')}::timestamptz`

const stepValues = (row: Call, write: StepWrite, adopt?: string) => ({
  id: row.id, adopt: adopt ?? null, ivrState: JSON.stringify(write.ivrState), seq: write.seq, lastTwiml: write.lastTwiml,
  answeredBy: write.answeredBy, answered: write.answered, result: write.columns.result ?? null,
  transferredTo: write.columns.transferredTo ?? null, transcript: write.transcript, now: write.now.toISOString(),
})

// runStep's: the row is locked, so no guard; the row as it now is comes back for the listeners.
const lockedStep = builtOnceSql<{ call: Record<string, unknown> }>(() => sql`with stepped as (
    update ${call} set ${STEP_SET} where ${call.id} = ${ph('id')}::int returning *)
  select to_jsonb(s) as call from stepped s`, 'ivr_step_locked')

// tryStepUnlocked's: guarded, with the step's answers — one shape for every step.
const unlockedStep = builtOnceSql(() => {
  const adoption = sidAdoption(ph('id'), ph('adopt'))
  const guarded = sql`update ${call} set ${STEP_SET}
    where ${call.id} = ${ph('id')} and ${call.seq} = ${ph('seqRead')}::int and ${call.callstatus} < ${CallStatus.completed}::int
      and ${gatewayUnchangedAt(ph('gatewayId'), ph('gatewayUpdated'))}
      and (${ph('adopt')}::text is null or ${adoption.guard})
    returning ${call.id}`
  return sql`with stepped as (${guarded}),
      answers as (
        insert into survey_result (call_id, sealed_survey_id, node_id, response, recording_url, recording_duration)
        select stepped.id, ${ph('sealedSurveyId')}::int, a.node_id, a.response, a.recording_url, a.recording_duration
          from stepped, jsonb_to_recordset(${ph('answers')}::jsonb)
            as a(node_id text, response text, recording_url text, recording_duration int)
        on conflict (call_id, node_id) do update
          set response = excluded.response, recording_url = excluded.recording_url, recording_duration = excluded.recording_duration
        returning 1)
      select count(*)::int as n from stepped`
}, 'ivr_step')

export type VoiceRequest =
  | { kind: 'voice'; answeredBy?: string }
  | { kind: 'input'; seq: number; input: IvrInput }

/** What a call Tocsin gave up on (never confirmed by the carrier: reconcile-call.ts) hears if it rings after all. */
export function givenUpTwiml(context: IvrContext): string {
  return renderTwiml([
    { type: 'say', text: 'We are sorry, this call is no longer needed. Goodbye.', ...context.tts },
    { type: 'hangup' },
  ], { gather: '', record: '', dial_action: '' })
}

/**
 * Runs IVR steps of calls on their locked row, in the caller's transaction. A request for a step that was already
 * taken (a replayed callback) gets the TwiML it got the first time. A step taken after the call ended is its last
 * action: its answer, if any, is reported at once (deps.outcomes.answered) and then the end itself (callEnded).
 */
export function createIvrSessions(deps: Pick<AppDeps, 'config' | 'outcomes' | 'logger' | 'consentHooks'>) {
  const { publicUrl } = deps.config
  // Sealed surveys never change, so their definitions can be kept for the life of the process.
  const definitions = new Map<number, SurveyDefinition>()
  async function definitionOf(tx: Tx, id: number): Promise<SurveyDefinition> {
    let definition = definitions.get(id)
    if (!definition) {
      const [survey] = await tx.select({ definition: sealedSurvey.definition }).from(sealedSurvey).where(eq(sealedSurvey.id, id))
      definition = survey!.definition as SurveyDefinition
      if (definitions.size > 10_000) definitions.clear()
      definitions.set(id, definition)
    }
    return definition
  }

  /** The step a request takes on the row as read: its TwiML and the row's new columns, or the TwiML to repeat. */
  async function prepare(tx: Tx, row: Call, request: VoiceRequest): Promise<Prepared> {
    const definition = await definitionOf(tx, row.sealedSurveyId)
    const context = row.context as IvrContext

    let result: StepResult
    const ended = isFinalCallStatus(row.callstatus as CallStatusCode)
    if (request.kind === 'voice') {
      if (row.ivrState !== null) return { reply: row.lastTwiml ?? HANGUP_TWIML } // Twilio retried the first fetch
      if (ended) {
        deps.logger.warn({ callId: row.id, alarmRequestId: row.alarmRequestId, sid: row.providerSid, status: row.status },
          'a call Tocsin had given up on rang after all: ended politely')
        return { reply: givenUpTwiml(context) }
      }
      result = start(definition, context)
      if (row.amdBehavior !== null && isMachine(request.answeredBy)) {
        const machine = step(definition, result.state, { type: 'machine-detected' }, context)
        if (machine.commands.length > 0) result = { ...machine, events: [...result.events, ...machine.events] }
      }
    } else {
      if (request.seq !== row.seq || row.ivrState === null) return { reply: row.lastTwiml ?? HANGUP_TWIML }
      result = step(definition, row.ivrState as SessionState, request.input, context)
    }

    const seq = row.seq + 1
    const commands: Command[] = result.commands.map((c) =>
      c.type === 'dial' && !c.caller_id && row.fromNumber ? { ...c, caller_id: row.fromNumber } : c)
    const { gather, record, dial_action } = callUrls(publicUrl, row.id, seq)
    const twiml = renderTwiml(commands, { gather, record, dial_action })
    const write: StepWrite = {
      ivrState: result.state,
      seq,
      lastTwiml: twiml,
      answeredBy: request.kind === 'voice' ? request.answeredBy ?? null : null,
      answered: request.kind === 'voice' && canTransition(row.callstatus as CallStatusCode, CallStatus.inProgress),
      columns: ivrColumns(result.events),
      transcript: JSON.stringify(transcriptOf(request.kind === 'input' ? request.input : null, commands)),
      now: new Date(),
    }
    return { twiml, write, events: result.events, commands, ended }
  }

  async function runStep(tx: Tx, row: Call, request: VoiceRequest): Promise<string> {
    const prepared = await prepare(tx, row, request)
    if ('reply' in prepared) return prepared.reply
    const { twiml, write, events, commands, ended } = prepared
    const [stepped] = await lockedStep(tx, stepValues(row, write))
    const updated = rowFromJson(call, stepped!.call)!
    await applyIvrEffects(tx, deps, row, events, commands)
    // An answer given during the call is applied with the call's end (its attempt settles with the call's result);
    // one whose request came after the call's final status is applied now, however late, and nothing more can come.
    if (ended) {
      if (write.columns.result !== undefined) await deps.outcomes.answered(tx, updated, write.columns.result)
      await deps.outcomes.callEnded(tx, updated, { awaitingAction: false, lateAction: true })
    }
    return twiml
  }

  /**
   * The same step on a row read without a lock or a transaction (or kept from the last callback: call-rows.ts), when
   * it is the common kind — a call in progress, the step's effects being its row and its answers — written in ONE
   * guarded statement: the row changes only if its seq is still the one read (no other step came in between), the call
   * has not ended since (a progress status may have come: the step's own status only moves it forward) and `gw`, whose
   * signature the request carried, has not changed; the answers are written with it, and `adopt`, the carrier's SID
   * for a call that had none when read, if no other call has it. Null when this cannot be done
   * so (a repeat, an ended call, texts or opt-outs to write, or the row or gateway moved): the caller then runs
   * the step under the row's lock (runStep), which decides everything afresh. Written, its TwiML and the row as it
   * now is in what a next step reads (call-rows.ts).
   */
  async function tryStepUnlocked(
    db: Tx, row: Call, gw: ProviderGateway, request: VoiceRequest, adopt?: string,
  ): Promise<{ twiml: string; row: Call } | null> {
    if (isFinalCallStatus(row.callstatus as CallStatusCode)) return null
    const prepared = await prepare(db, row, request)
    if ('reply' in prepared || prepared.ended) return null
    const { twiml, write, events, commands } = prepared
    if (commands.some((c) => c.type === 'sms') || events.some((e) => e.type === 'opted-out')) return null
    const [written] = await unlockedStep(db, {
      ...stepValues(row, write, adopt), seqRead: row.seq, gatewayId: gw.id, gatewayUpdated: gw.updatedDate.toISOString(),
      sealedSurveyId: row.sealedSurveyId, answers: JSON.stringify(answerRows(events)),
    })
    if (Number((written as { n: number } | undefined)?.n ?? 0) !== 1) return null
    return {
      twiml,
      row: {
        ...row, seq: write.seq, ivrState: write.ivrState, lastTwiml: write.lastTwiml,
        ...(write.answered && { status: 'in-progress', callstatus: CallStatus.inProgress }),
        ...(adopt !== undefined && { providerSid: adopt }),
      },
    }
  }

  return { runStep, tryStepUnlocked }
}
export type IvrSessions = ReturnType<typeof createIvrSessions>

/** Twilio form fields → engine input for the gather and recording callbacks. */
export function inputFrom(kind: 'gather' | 'recording', params: Record<string, string>): IvrInput {
  if (kind === 'gather') return params.Digits ? { type: 'digits', digits: params.Digits } : { type: 'timeout' }
  return params.RecordingUrl
    ? { type: 'recording', url: params.RecordingUrl, duration: reportedSeconds(params.RecordingDuration) ?? 0 }
    : { type: 'timeout' }
}
