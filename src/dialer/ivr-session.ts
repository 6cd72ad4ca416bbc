import { and, eq, lt, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import {
  renderTwiml, start, step, type Command, type IvrContext, type IvrInput, type SessionState, type StepResult,
  type SurveyDefinition, type IvrEvent,
} from '../../ivr/index.js'
import type { Tx } from '../db/client.js'
import { runNamed } from '../db/named.js'
import { call, sealedSurvey, type Call } from '../db/schema/index.js'
import type { AppDeps } from '../deps.js'
import { canTransition, CallStatus, isFinalCallStatus, type CallStatusCode } from '../codes/call-status.js'
import { answerRows, applyIvrEffects, ivrColumns } from './call-effects.js'
import { reportedSeconds } from '../telephony/seconds.js'
import { transcriptOf } from './transcript.js'
import { callUrls } from './urls.js'
import { gatewayUnchanged, sidAdoption, type ProviderGateway } from './call-rows.js'
import { isMachine } from '../codes/amd-behavior.js'

export const HANGUP_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'
export const APOLOGY_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Say>We are sorry, an application error occurred. Goodbye.</Say><Hangup/></Response>'

type Prepared =
  | { reply: string }
  | { twiml: string; set: PgUpdateSetSource<typeof call>; events: IvrEvent[]; commands: Command[]; columns: ReturnType<typeof ivrColumns>; ended: boolean }

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
    const now = new Date()
    // The voice webhook is the answer: the call is in progress without waiting for a status callback saying so.
    const answered = request.kind === 'voice' && canTransition(row.callstatus as CallStatusCode, CallStatus.inProgress)
    const columns = ivrColumns(result.events)
    const set = {
      ivrState: result.state,
      seq,
      lastTwiml: twiml,
      // In SQL, so that a verdict or answer time another callback stored since the row was read is kept.
      answeredBy: request.kind === 'voice' ? sql`coalesce(${request.answeredBy ?? null}::text, ${call.answeredBy})` : undefined,
      answeredAt: sql`coalesce(${call.answeredAt}, ${now.toISOString()}::timestamptz)`,
      ...(answered && { status: 'in-progress', callstatus: CallStatus.inProgress }),
      ...columns,
      transcript: sql`${call.transcript} || ${JSON.stringify(transcriptOf(request.kind === 'input' ? request.input : null, commands))}::jsonb`,
      updatedAt: now,
    }
    return { twiml, set, events: result.events, commands, columns, ended }
  }

  async function runStep(tx: Tx, row: Call, request: VoiceRequest): Promise<string> {
    const prepared = await prepare(tx, row, request)
    if ('reply' in prepared) return prepared.reply
    const { twiml, set, events, commands, columns, ended } = prepared
    const [updated] = await tx.update(call).set(set).where(eq(call.id, row.id)).returning()
    await applyIvrEffects(tx, deps, row, events, commands)
    // An answer given during the call is applied with the call's end (its attempt settles with the call's result);
    // one whose request came after the call's final status is applied now, however late, and nothing more can come.
    if (ended) {
      if (columns.result !== undefined) await deps.outcomes.answered(tx, updated!, columns.result)
      await deps.outcomes.callEnded(tx, updated!, { awaitingAction: false, lateAction: true })
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
    const { twiml, set, events, commands } = prepared
    if (commands.some((c) => c.type === 'sms') || events.some((e) => e.type === 'opted-out')) return null
    const answers = answerRows(events)
    const adoption = adopt === undefined ? undefined : sidAdoption(row.id, adopt)
    const guarded = db.update(call).set({ ...set, ...adoption?.set })
      .where(and(eq(call.id, row.id), eq(call.seq, row.seq), lt(call.callstatus, CallStatus.completed), gatewayUnchanged(gw), adoption?.guard))
      .returning({ id: call.id })
    // (drizzle puts an embedded query in parentheses: `as ${guarded}` is `as (update …)`)
    const written = await runNamed(db, sql`with stepped as ${guarded},
      answers as (
        insert into survey_result (call_id, sealed_survey_id, node_id, response, recording_url, recording_duration)
        select stepped.id, ${row.sealedSurveyId}::int, a.node_id, a.response, a.recording_url, a.recording_duration
          from stepped, jsonb_to_recordset(${JSON.stringify(answers)}::jsonb)
            as a(node_id text, response text, recording_url text, recording_duration int)
        on conflict (call_id, node_id) do update
          set response = excluded.response, recording_url = excluded.recording_url, recording_duration = excluded.recording_duration
        returning 1)
      select count(*)::int as n from stepped`, 'ivr_step')
    if (Number((written.rows[0] as { n: number } | undefined)?.n ?? 0) !== 1) return null
    const { seq, ivrState, lastTwiml, status, callstatus } = set as Pick<Call, 'seq' | 'ivrState' | 'lastTwiml'> & Partial<Pick<Call, 'status' | 'callstatus'>>
    return {
      twiml,
      row: {
        ...row, seq, ivrState, lastTwiml, ...(status !== undefined && { status }), ...(callstatus !== undefined && { callstatus }),
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
