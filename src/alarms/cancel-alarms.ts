import { and, inArray } from 'drizzle-orm'
import type { Tx } from '../db/client.js'
import { alarm, ALARM_STATUS } from '../db/schema/index.js'
import { scheduleAlarms } from './plan/replan.js'

const OPEN = [ALARM_STATUS.pending, ALARM_STATUS.inProcess, ALARM_STATUS.retry]

/**
 * Stops these alarms for good, in the caller's transaction: the open ones become cancelled (7), lose their planned
 * attempt, and calls not yet dialled are cancelled with them; a call already ringing goes on and its attempt settles
 * as one of a cancelled alarm. Alarms that already ended keep their status.
 */
export async function cancelAlarms(tx: Tx, alarmIds: number[], now = new Date()): Promise<void> {
  if (alarmIds.length === 0) return
  await tx.update(alarm).set({ status: ALARM_STATUS.cancelled, updatedDate: now })
    .where(and(inArray(alarm.id, alarmIds), inArray(alarm.status, OPEN)))
  await scheduleAlarms(tx, alarmIds)
}
