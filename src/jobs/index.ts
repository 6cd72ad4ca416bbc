import type { AppDeps } from '../deps.js'
import { createDialCall } from '../services/calls/dial-call.js'
import { createSendSms } from '../services/sms/send-sms.js'
import { createSendAlarmEmail, createSmsFinished } from '../services/scheduler/attempt-results.js'
import { createExtendChain } from '../services/scheduler/chain.js'
import { createAlarmDue } from '../services/scheduler/dispatch.js'
import { createReconcileCall } from '../services/scheduler/reconcile.js'
import { createAlarmWebhook } from '../services/scheduler/result-webhook.js'
import { createPlanAlarms } from '../services/scheduler/planner.js'
import { createSchedulerSweep } from '../services/scheduler/sweep.js'
import { createSendAppointmentNotification } from './send-appointment-notification.js'
import type { TypedTaskList } from './tasks.js'

/** Every task handler, given the process's dependencies. Features add their handlers here. */
export function createTaskList(deps: AppDeps): TypedTaskList {
  return {
    noop: async () => {},
    'dial-call': createDialCall(deps),
    'send-sms': createSendSms(deps),
    'alarm-due': createAlarmDue(deps),
    'sms-finished': createSmsFinished(deps),
    'send-alarm-email': createSendAlarmEmail(deps),
    'alarm-webhook': createAlarmWebhook(deps),
    'extend-chain': createExtendChain(deps),
    'reconcile-call': createReconcileCall(deps),
    'scheduler-sweep': createSchedulerSweep(deps),
    'plan-alarms': createPlanAlarms(deps),
    'send-appointment-notification': createSendAppointmentNotification(deps),
  }
}
