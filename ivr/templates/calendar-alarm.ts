import type { SurveyDefinition } from '../types.js'

/**
 * Reads a calendar event aloud. Tags: {title}, {start_time}, {description} (the server puts the
 * event's own fields into the data). Pressing 2 loops back to the announcement. No voicemail
 * prompt: a machine hears the start node's announcement.
 */
export const calendarAlarm: SurveyDefinition = {
  version: 1,
  start: 'announce',
  nodes: [
    {
      id: 'announce',
      type: 'play_message',
      prompt: { script: 'This is a reminder for {title}, at {start_time}. {description}' },
      branches: { default: 'menu' },
    },
    {
      id: 'menu',
      type: 'multi_choice',
      retries: 1,
      choices: { '1': 'acknowledged', '2': 'repeat' },
      prompt: { script: 'Press 1 to acknowledge this reminder, or 2 to hear it again.' },
      branches: { '1': 'done', '2': 'announce', timeout: 'bye' },
    },
    { id: 'done', type: 'hangup', completed: true, prompt: { script: 'Thank you. Goodbye.' } },
    { id: 'bye', type: 'hangup', prompt: { script: 'Goodbye.' } },
  ],
}
