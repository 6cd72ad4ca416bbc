import type { AppDeps } from '../deps.js'
import type { TypedTaskList } from './tasks.js'

/** Every task handler, given the process's dependencies. Features add their handlers here. */
export function createTaskList(_deps: AppDeps): TypedTaskList {
  return {
    noop: async () => {},
  }
}
