import { sql, type SQL } from 'drizzle-orm'
import { labelsOf } from './codes.js'

/** calendar_setting.amd_behavior and call.amd_behavior: what answering machine detection is for (null: none). */
export const AMD_BEHAVIOR = { always: 1, humanOnly: 2, voicemailOnly: 3 } as const
export type AmdBehavior = (typeof AMD_BEHAVIOR)[keyof typeof AMD_BEHAVIOR]

export const AMD_BEHAVIOR_LABELS = labelsOf(AMD_BEHAVIOR, {
  always: 'Always (machines too)', humanOnly: 'Humans only', voicemailOnly: 'Voicemail only',
})

/** What the IVR does when a machine answers (its context's `machine`). */
export function machineHandling(amd: number | null): 'continue' | 'hangup' | 'voicemail' {
  if (amd === AMD_BEHAVIOR.humanOnly) return 'hangup'
  if (amd === AMD_BEHAVIOR.voicemailOnly) return 'voicemail'
  return 'continue'
}

/**
 * Twilio's MachineDetection mode for a behaviour, only when the behaviour needs a verdict: humans only (hang up on a
 * machine) asks as soon as it is known; voicemail waits for the greeting's end. `always` plays the survey to whoever
 * answers, so detection would only cost seconds of silence and a fee for nothing.
 */
export function twilioMachineDetection(amd: number | null): 'Enable' | 'DetectMessageEnd' | undefined {
  if (amd === AMD_BEHAVIOR.humanOnly) return 'Enable'
  if (amd === AMD_BEHAVIOR.voicemailOnly) return 'DetectMessageEnd'
  return undefined
}

/** Twilio's AnsweredBy says a machine (machine_start, machine_end_beep, …) or a fax answered. */
export function isMachine(answeredBy: string | null | undefined): boolean {
  return !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax')
}

/** A machine answered a call meant for humans only: it is hung up, and the attempt is not a success. */
export function machineRefused(amd: number | null, answeredBy: string | null | undefined): boolean {
  return amd === AMD_BEHAVIOR.humanOnly && isMachine(answeredBy)
}

/** machineRefused in SQL, on a call's columns (or expressions). */
export const machineRefusedSql = (amd: SQL, answeredBy: SQL): SQL =>
  sql`coalesce(${amd} = ${AMD_BEHAVIOR.humanOnly}::int and (${answeredBy} like 'machine%' or ${answeredBy} = 'fax'), false)`
