import type { SurveyDefinition } from '../types.js'

/** A demo and test fixture that uses every node type once. Tags: {first_name}, {phonenumber_transfer}. */
export const everyNode: SurveyDefinition = {
  version: 1,
  start: 'welcome',
  tts: { language: 'en-GB', voice: 'Polly.Amy' },
  nodes: [
    {
      id: 'welcome',
      type: 'play_message',
      prompt: { audio_url: 'https://example.com/audio/welcome.mp3' },
      branches: { default: 'menu' },
    },
    {
      id: 'menu',
      type: 'multi_choice',
      retries: 1,
      choices: { '1': 'survey', '2': 'agent', '3': 'conference', '9': 'opt out' },
      prompt: {
        script:
          'Hello {first_name}. Press 1 for a short survey, 2 to talk to someone, 3 to join the conference, or 9 to stop these calls.',
      },
      invalid_prompt: { script: 'That is not on the menu.' },
      branches: { '1': 'rate', '2': 'agent', '3': 'room', '9': 'optout', timeout: 'bye' },
    },
    {
      id: 'rate',
      type: 'rating',
      rating_laps: 5,
      prompt: { script: 'On a scale of 1 to 5, how was your last visit?' },
      branches: { any: 'age' },
    },
    {
      id: 'age',
      type: 'capture_digits',
      number_digits: 2,
      min: 18,
      max: 99,
      validate: true,
      retries: 1,
      prompt: { script: 'Please enter your age, then press pound.' },
      invalid_prompt: { script: 'Please enter an age from 18 to 99.' },
      branches: { any: 'message', invalid: 'message', timeout: 'message' },
    },
    {
      id: 'message',
      type: 'record_message',
      max_length: 30,
      finish_on_key: '#',
      prompt: { script: 'After the beep, leave a short message, then press pound.' },
      branches: { default: 'text' },
    },
    {
      id: 'text',
      type: 'sms',
      sms_text: 'Thanks {first_name}! Your answers were recorded. Questions? Call {phonenumber_transfer}.',
      prompt: { script: 'We have sent you a text message.' },
      branches: { default: 'done' },
    },
    { id: 'done', type: 'hangup', completed: true, prompt: { script: 'Thank you. Goodbye.' } },
    {
      id: 'agent',
      type: 'call_transfer',
      number: '{phonenumber_transfer}',
      timeout: 30,
      confirm_script: 'Press 1 to take a call from {first_name}.',
      confirm_key: '1',
      prompt: { script: 'Connecting you now.' },
      branches: { default: 'done' },
    },
    {
      id: 'room',
      type: 'conference',
      room: 'tocsin-demo',
      prompt: { script: 'Joining the conference.' },
      branches: { default: 'done' },
    },
    { id: 'optout', type: 'dnc', prompt: { script: 'You will not receive any more calls from us. Goodbye.' } },
    { id: 'bye', type: 'hangup', prompt: { script: 'Goodbye.' } },
  ],
}
