import { eq } from 'drizzle-orm'
import type { Tx } from '../../db/client.js'
import { call, type Call } from '../../db/schema/index.js'
import { addJob, removeJob } from '../../jobs/queue.js'
import { callStatusFromTwilio, canTransition, CallStatus, isFinalCallStatus } from '../../telephony/callstatus.js'

export interface StatusReport {
  status: string
  duration?: number
  answeredBy?: string
  error?: string
}

/**
 * Applies a provider status to a locked call row. Statuses only move forward, so replayed and
 * out-of-order callbacks change nothing; the first final status is the outcome.
 */
export async function applyCallStatus(tx: Tx, row: Call, report: StatusReport): Promise<boolean> {
  const code = callStatusFromTwilio(report.status)
  if (!canTransition(row.callstatus as never, code)) {
    if (report.answeredBy && !row.answeredBy) {
      await tx.update(call).set({ answeredBy: report.answeredBy }).where(eq(call.id, row.id))
    }
    return false
  }
  const now = new Date()
  const final = isFinalCallStatus(code)
  await tx.update(call).set({
    status: report.status.toLowerCase(),
    callstatus: code,
    answeredBy: report.answeredBy ?? row.answeredBy,
    answeredAt: code === CallStatus.inProgress && !row.answeredAt ? now : undefined,
    endedAt: final ? now : undefined,
    duration: final ? report.duration ?? row.duration : undefined,
    error: report.error ?? undefined,
    updatedAt: now,
  }).where(eq(call.id, row.id))
  // Its final status is known: the provider need not be asked (keeps graphile-worker's table small).
  if (final && row.dialedAt) await removeJob(tx, `reconcile-call:${row.id}`)
  if (final && row.alarmRequestId !== null) {
    // The alarm scheduler decides what this outcome means (success, retry, SMS fallback).
    await addJob(tx, 'call-finished', { callId: row.id }, { jobKey: `call-finished:${row.id}` })
  }
  return true
}

/** Ends a call that never reached the provider (refused, do-not-contact, lost while dialling). */
export function finishCall(tx: Tx, row: Call, outcome: { status: 'failed' | 'canceled'; error: string }) {
  return applyCallStatus(tx, row, { status: outcome.status, error: outcome.error, duration: 0 })
}
