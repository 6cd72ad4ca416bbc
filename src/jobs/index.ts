import type { AppDeps } from '../deps.js'
import { createDialCall } from '../services/calls/dial-call.js'
import { createSendSms } from '../services/sms/send-sms.js'
import type { TypedTaskList } from './tasks.js'

/** Every task handler, given the process's dependencies. Features add their handlers here. */
export function createTaskList(deps: AppDeps): TypedTaskList {
  return {
    noop: async () => {},
    'dial-call': createDialCall(deps),
    'send-sms': createSendSms(deps),
  }
}
