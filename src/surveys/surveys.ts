import { and, count, eq, isNull, or, type SQL } from 'drizzle-orm'
import { validateDefinition, type SurveyDefinition, type ValidationError } from '../../ivr/index.js'
import type { Tx } from '../db/client.js'
import { PG, pgErrorCode } from '../db/pg-error.js'
import { alarm, calendarSetting, sealedSurvey, survey, type SealedSurvey, type Survey } from '../db/schema/index.js'
import { badRequest, conflict, forbidden, invalidField, notFound, type FieldErrors } from '../errors.js'
import type { Principal } from '../accounts/auth.js'
import { DEFAULT_TTS_LANGUAGE, DEFAULT_TTS_VOICE, defaultVoiceFor, voiceProblem } from './tts-voices.js'

// The same shape the request schema accepts, so a value copied from a definition round-trips.
const TTS_LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/

export interface SurveyInput {
  name?: string
  description?: string | null
  tts_language?: string
  tts_voice?: string
  definition?: unknown
}

/** `{node: 'confirm', field: 'branches.2'}` → `definition.nodes.confirm.branches.2`; nodeless → `definition.start`. */
export function definitionFields(errors: readonly ValidationError[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const { node, field, message } of errors) {
    const path = node !== undefined ? ['definition', 'nodes', node, field] : ['definition', field]
    const key = path.filter((part) => part !== '').join('.')
    fields[key] = fields[key] === undefined ? message : `${fields[key]}; ${message}`
  }
  return fields
}

/** The definition, if the IVR engine accepts it; otherwise a 400 naming every bad node and field. */
export function checkDefinition(json: unknown): SurveyDefinition {
  const result = validateDefinition(json)
  if (result.ok) return result.definition
  const fields = definitionFields(result.errors)
  throw badRequest(Object.entries(fields).map(([field, problem]) => `${field}: ${problem}`).join('; '), fields)
}

/**
 * Survey-level voice settings default to the definition's own `tts`, so they do not silently override it: its
 * language (else en-US), and its voice if that speaks the language, else a voice that does (tts-voices.ts).
 */
export function ttsDefaults(definition: SurveyDefinition, languageGiven?: string): { ttsLanguage: string; ttsVoice: string } {
  const { language, voice } = definition.tts ?? {}
  const ttsLanguage = languageGiven ?? (language !== undefined && TTS_LANGUAGE.test(language) ? language : DEFAULT_TTS_LANGUAGE)
  const ttsVoice = voice !== undefined && voiceProblem(voice, ttsLanguage) === null ? voice : defaultVoiceFor(ttsLanguage) ?? DEFAULT_TTS_VOICE
  return { ttsLanguage, ttsVoice }
}

/** A 400 naming tts_voice when the voice cannot speak the language (an invalid pair can make Twilio's <Say> fail). */
function checkVoice(ttsVoice: string, ttsLanguage: string): void {
  const problem = voiceProblem(ttsVoice, ttsLanguage)
  if (problem) throw invalidField('tts_voice', problem)
}

/** Editable surveys are a manager's tool; calendar users only see what their manager shares. */
function requireManager(principal: Principal): void {
  if (principal.role === 'calendar_user') throw forbidden('Only managers and admins manage surveys')
}

/** Admins see every survey; managers their own. */
function visibleSurveys(principal: Principal): SQL | undefined {
  return principal.role === 'admin' ? undefined : eq(survey.userId, principal.id)
}

export async function listSurveys(db: Tx, principal: Principal, limit: number, offset: number) {
  requireManager(principal)
  const where = visibleSurveys(principal)
  const [total] = await db.select({ n: count() }).from(survey).where(where)
  const rows = await db.select().from(survey).where(where).orderBy(survey.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

export async function getSurvey(db: Tx, principal: Principal, id: number): Promise<Survey> {
  requireManager(principal)
  const [row] = await db.select().from(survey).where(and(eq(survey.id, id), visibleSurveys(principal)))
  if (!row) throw notFound('Survey')
  return row
}

export async function createSurvey(db: Tx, principal: Principal, input: SurveyInput & { name: string }): Promise<Survey> {
  requireManager(principal)
  const definition = checkDefinition(input.definition)
  const defaults = ttsDefaults(definition, input.tts_language)
  const ttsVoice = input.tts_voice ?? defaults.ttsVoice
  checkVoice(ttsVoice, defaults.ttsLanguage)
  const [row] = await db.insert(survey).values({
    name: input.name,
    description: input.description ?? '',
    ttsLanguage: defaults.ttsLanguage,
    ttsVoice,
    definition,
    userId: principal.id,
  }).returning()
  return row!
}

/** PUT and PATCH: absent fields keep their value. The resulting definition is validated every time. */
export async function updateSurvey(db: Tx, principal: Principal, id: number, input: SurveyInput): Promise<Survey> {
  const existing = await getSurvey(db, principal, id)
  const definition = checkDefinition(input.definition === undefined ? existing.definition : input.definition)
  // A pair is checked whenever either half changes (an old survey's voice left alone keeps working as it did).
  if (input.tts_voice !== undefined || input.tts_language !== undefined) {
    checkVoice(input.tts_voice ?? existing.ttsVoice, input.tts_language ?? existing.ttsLanguage)
  }
  const [row] = await db.update(survey).set({
    name: input.name,
    description: input.description === undefined ? undefined : (input.description ?? ''),
    ttsLanguage: input.tts_language,
    ttsVoice: input.tts_voice,
    definition,
    updatedAt: new Date(),
  }).where(eq(survey.id, id)).returning()
  return row!
}

/** Sealed copies outlive their source: they keep running, with `survey` null. */
export async function deleteSurvey(db: Tx, principal: Principal, id: number): Promise<void> {
  await getSurvey(db, principal, id)
  await db.delete(survey).where(eq(survey.id, id))
}

/** Copies the survey as it is now into a new sealed survey; later edits of the survey do not reach it. */
export async function sealSurvey(db: Tx, principal: Principal, id: number): Promise<SealedSurvey> {
  requireManager(principal)
  return db.transaction(async (tx) => {
    // FOR SHARE: a concurrent edit waits, so the copy is one consistent version.
    const [source] = await tx.select().from(survey).where(and(eq(survey.id, id), visibleSurveys(principal))).for('share')
    if (!source) throw notFound('Survey')
    const definition = checkDefinition(source.definition)
    const [row] = await tx.insert(sealedSurvey).values({
      surveyId: source.id,
      name: source.name,
      description: source.description,
      ttsLanguage: source.ttsLanguage,
      ttsVoice: source.ttsVoice,
      definition,
      userId: source.userId ?? principal.id,
      builtin: false,
    }).returning()
    return row!
  })
}

/** Admins see every sealed survey; others their own (a calendar user: its manager's) and the built-in ones. */
function visibleSealedSurveys(principal: Principal): SQL | undefined {
  if (principal.role === 'admin') return undefined
  const owner = principal.role === 'calendar_user' ? principal.managerId : principal.id
  const builtin = eq(sealedSurvey.builtin, true)
  return owner === null ? builtin : or(builtin, eq(sealedSurvey.userId, owner))
}

export async function listSealedSurveys(db: Tx, principal: Principal, limit: number, offset: number) {
  const where = visibleSealedSurveys(principal)
  const [total] = await db.select({ n: count() }).from(sealedSurvey).where(where)
  const rows = await db.select().from(sealedSurvey).where(where).orderBy(sealedSurvey.id).limit(limit).offset(offset)
  return { count: total?.n ?? 0, rows }
}

/**
 * A sealed survey the caller may read and use (in calendar settings, alarms and calls): its own,
 * a built-in one, or any for an admin. 404 otherwise, so other managers' ids are not revealed.
 */
export async function findUsableSealedSurvey(db: Tx, principal: Principal, id: number): Promise<SealedSurvey> {
  const [row] = await db.select().from(sealedSurvey).where(and(eq(sealedSurvey.id, id), visibleSealedSurveys(principal)))
  if (!row) throw notFound('Sealed survey')
  return row
}

const USERS_OF: Record<string, string> = {
  alarm: 'alarms (deleted alarms too: their call history refers to it)',
  calendar_setting: 'calendar settings',
  call: 'calls',
  survey_result: 'call results',
}

/** The table named by a foreign-key violation (node-postgres' `detail`, possibly wrapped by drizzle). */
function referencingTable(err: unknown): string | undefined {
  let current: unknown = err
  for (let depth = 0; current && depth < 3; depth++) {
    const detail = (current as { detail?: unknown }).detail
    const match = typeof detail === 'string' ? /referenced from table "([^"]+)"/.exec(detail) : null
    if (match) return match[1]
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** Built-in surveys are shared by everyone, and a survey still in use keeps its row (409). */
export async function deleteSealedSurvey(db: Tx, principal: Principal, id: number): Promise<void> {
  requireManager(principal)
  const row = await findUsableSealedSurvey(db, principal, id)
  if (row.builtin) throw forbidden('Built-in surveys are shared with every manager and cannot be deleted')
  const [settings] = await db.select({ n: count() }).from(calendarSetting).where(eq(calendarSetting.surveyId, id))
  const [alarms] = await db.select({ n: count() }).from(alarm).where(and(eq(alarm.surveyId, id), isNull(alarm.deletedAt)))
  const users = [
    settings?.n ? plural(settings.n, 'calendar setting', 'calendar settings') : '',
    alarms?.n ? plural(alarms.n, 'alarm', 'alarms') : '',
  ].filter(Boolean)
  if (users.length > 0) throw conflict(`This sealed survey is used by ${users.join(' and ')}; point them at another survey first`)
  try {
    await db.delete(sealedSurvey).where(eq(sealedSurvey.id, id))
  } catch (err) {
    // Also what a calendar setting or alarm created meanwhile, or past calls, run into.
    if (pgErrorCode(err) !== PG.foreignKeyViolation) throw err
    const table = referencingTable(err)
    throw conflict(`This sealed survey is used by ${table === undefined ? 'other records' : (USERS_OF[table] ?? table)}, so it cannot be deleted`)
  }
}
