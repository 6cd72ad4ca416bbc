import type { SurveyDefinition } from '../types.js'

/** Keeps asking (three attempts, ten seconds each) until the sleeper presses 1. Tags: {first_name}. */
export const wakeUpCall: SurveyDefinition = {
  version: 1,
  start: 'wake',
  voicemail: { script: 'Good morning {first_name}. This is your wake-up call. It is time to get up!' },
  nodes: [
    {
      id: 'wake',
      type: 'rating',
      rating_laps: 1,
      retries: 2,
      timeout: 10,
      completed: true,
      prompt: {
        script: 'Good morning {first_name}. This is your wake-up call. It is time to get up. Press 1 to show that you are awake.',
      },
      branches: { '1': 'awake', timeout: 'missed' },
    },
    { id: 'awake', type: 'hangup', prompt: { script: 'Thank you. Have a great day!' } },
    { id: 'missed', type: 'hangup', prompt: { script: 'We did not hear from you. Goodbye.' } },
  ],
}
