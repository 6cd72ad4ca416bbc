import type { AppDeps } from '../deps.js'
import { createDialCall } from '../dialer/dial-call.js'
import { createSendSms } from '../dialer/send-sms.js'
import { createSendAlarmEmail } from '../alarms/settle/send-alarm-email.js'
import { createSmsFinished } from '../alarms/settle/sms-finished.js'
import { createExtendChain } from '../alarms/chain.js'
import { createAlarmDue } from '../alarms/dispatch/dispatch.js'
import { createReconcileCall } from '../dialer/reconcile-call.js'
import { createSettleCall } from '../alarms/settle/settle-call.js'
import { createAlarmWebhook } from '../alarms/webhooks/result-webhook.js'
import { createPlanAlarms } from '../alarms/plan/plan.js'
import { createSchedulerSweep } from '../alarms/sweep.js'
import { createSendAppointmentNotification } from '../crm/send-appointment-notification.js'
import type { TypedTaskList } from '../queue/tasks.js'

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
    'settle-call': createSettleCall(deps),
    'scheduler-sweep': createSchedulerSweep(deps),
    'plan-alarms': createPlanAlarms(deps),
    'send-appointment-notification': createSendAppointmentNotification(deps),
  }
}
