/**
 * Glossary
 * - definition: the survey as JSON (nodes + start node + voice settings). Authored by people, so
 *   it is validated (validate.ts) before it is saved or run.
 * - node: one step of the call: says a prompt, then waits for input (multi_choice, rating,
 *   capture_digits, record_message) or acts and moves on (everything else).
 * - branch key: what selects the next node: a digit string, `any`, `invalid`, `timeout` (input
 *   nodes) or `default` (nodes that do not wait for input). A branch to `null` hangs up.
 * - session state: the small versioned JSON the server stores between webhooks (one per call).
 * - input: what happened on the line since the last step (digits, silence, a recording...).
 * - command: what the line should do next (say, play, gather, dial...). renderTwiml turns a list
 *   of commands into one TwiML document.
 * - event: a fact for the server to persist (an answer, the alarm result, an opt-out...).
 * - context: per-call data the engine may read (event data, contact, voice, AMD policy). It is
 *   passed to `start` and again to every `step`, so the state never carries it.
 */

export const NodeType = {
  play_message: 'play_message',
  multi_choice: 'multi_choice',
  rating: 'rating',
  capture_digits: 'capture_digits',
  record_message: 'record_message',
  call_transfer: 'call_transfer',
  hangup: 'hangup',
  conference: 'conference',
  dnc: 'dnc',
  sms: 'sms',
} as const
export type NodeType = (typeof NodeType)[keyof typeof NodeType]

export const AlarmResult = {
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  rescheduled: 'rescheduled',
} as const
export type AlarmResult = (typeof AlarmResult)[keyof typeof AlarmResult]

export type Tts = { language?: string; voice?: string }

/** What a node says: an audio file wins over the script (Newfies parity). */
export type Prompt = { script?: string; audio_url?: string }

export type SurveyNode = {
  id: string
  type: NodeType
  prompt?: Prompt
  /** Said before the prompt when an input was invalid and another attempt follows. */
  invalid_prompt?: Prompt
  branches?: Record<string, string | null>
  /** Extra attempts after invalid input or silence: 0..10, default 0. */
  retries?: number
  /** Seconds of silence before giving up on an attempt: 1..60, default 5 (call_transfer: ring time, default 30). */
  timeout?: number
  /** Reaching (or, for input nodes, validly answering) this node completes the survey. */
  completed?: boolean
  // multi_choice
  choices?: Record<string, string>
  // rating: answers 1..rating_laps (1..9, default 9)
  rating_laps?: number
  // capture_digits
  number_digits?: number
  min?: number
  max?: number
  validate?: boolean
  // record_message
  max_length?: number
  finish_on_key?: string
  // call_transfer
  number?: string
  confirm_script?: string
  confirm_key?: string
  // conference
  room?: string
  // sms
  sms_text?: string
}

export type SurveyDefinition = {
  version: 1
  start: string
  tts?: Tts
  /** `*` repeats the current prompt without using up an attempt. Default true. */
  allow_repeat?: boolean
  /** Rating digit -> alarm result. Default {'1':'confirmed','2':'cancelled','3':'rescheduled'}. */
  result_map?: Record<string, AlarmResult>
  /** Said when the engine gives up after the last attempt and no branch says where to go. Default "Goodbye." */
  goodbye?: Prompt
  /** Left on an answering machine in voicemail mode when the context has no voicemail audio. */
  voicemail?: Prompt
  nodes: SurveyNode[]
}

export type IvrContext = {
  /** Event data: the first source of prompt {tags}. */
  data?: Record<string, unknown>
  /** The contact: the second source of prompt {tags}. */
  contact?: Record<string, unknown>
  /** Survey-level voice settings; each field overrides the definition's `tts`. */
  tts?: Tts
  /** What to do when a machine answers. Default 'continue'. */
  machine?: 'continue' | 'hangup' | 'voicemail'
  voicemail_audio_url?: string
  /** The alarm's phonenumber_transfer; fills the {phonenumber_transfer} tag. */
  transfer_number?: string
  /** The number of the person on the line; fills the {caller_number} tag. */
  caller_number?: string
}

export type IvrInput =
  | { type: 'start' }
  | { type: 'digits'; digits: string }
  | { type: 'timeout' }
  | { type: 'recording'; url: string; duration: number }
  | { type: 'machine-detected' }
  | { type: 'hangup' }

export type SayCommand = { type: 'say'; text: string; language?: string; voice?: string; loop?: number }
export type PlayCommand = { type: 'play'; url: string }
export type PauseCommand = { type: 'pause'; seconds: number }
export type PromptCommand = SayCommand | PlayCommand | PauseCommand
export type GatherCommand = {
  type: 'gather'
  num_digits?: number
  timeout: number
  finish_on_key?: string
  prompts: PromptCommand[]
}
export type RecordCommand = { type: 'record'; max_length: number; finish_on_key?: string; timeout?: number }
/** What the transfer target hears (and may have to accept with `key`) before being connected. */
export type DialConfirm = { text: string; key?: string; language?: string; voice?: string }
export type DialCommand = { type: 'dial'; number: string; caller_id?: string; timeout?: number; confirm?: DialConfirm }
export type ConferenceCommand = { type: 'conference'; room: string }
/** Not TwiML: the server sends it through the Messages API. */
export type SmsCommand = { type: 'sms'; to?: 'callee'; text: string }
export type HangupCommand = { type: 'hangup' }
export type Command =
  | PromptCommand
  | GatherCommand
  | RecordCommand
  | DialCommand
  | ConferenceCommand
  | SmsCommand
  | HangupCommand

export type IvrEvent =
  | {
      type: 'answer-recorded'
      node_id: string
      response: string
      recording_url?: string
      recording_duration?: number
    }
  | { type: 'result-set'; result: AlarmResult; node_id: string; digits: string }
  | { type: 'survey-completed' }
  | { type: 'opted-out'; node_id: string }
  | { type: 'transferred'; node_id: string; number: string }

export type SessionState = {
  v: 1
  /** The node waiting for input; null once the call is over. */
  node: string | null
  /** 1-based attempt at `node`. */
  attempt: number
  /** Nodes entered and questions asked again so far; the loop guard ends the call at MAX_STEPS (1000). */
  steps: number
  /** Valid responses by node id (a revisit overwrites). */
  answers: Record<string, string>
  done: boolean
  /** survey-completed was already emitted (it is emitted once). */
  completed: boolean
}

export type StepResult = { state: SessionState; commands: Command[]; events: IvrEvent[] }
