/**
 * The simulator records nothing, but a RecordingUrl should still be playable in a browser or the
 * admin UI: serve silence as 8 kHz 8-bit mono PCM (the midpoint 0x80 is silence in unsigned PCM).
 */
export function silentWav(seconds: number): Buffer {
  const rate = 8000
  const samples = Math.max(1, Math.round(seconds * rate))
  const wav = Buffer.alloc(44 + samples, 0x80)
  wav.write('RIFF', 0, 'ascii')
  wav.writeUInt32LE(36 + samples, 4)
  wav.write('WAVEfmt ', 8, 'ascii')
  wav.writeUInt32LE(16, 16) // fmt chunk size
  wav.writeUInt16LE(1, 20) // PCM
  wav.writeUInt16LE(1, 22) // mono
  wav.writeUInt32LE(rate, 24)
  wav.writeUInt32LE(rate, 28) // byte rate
  wav.writeUInt16LE(1, 32) // block align
  wav.writeUInt16LE(8, 34) // bits per sample
  wav.write('data', 36, 'ascii')
  wav.writeUInt32LE(samples, 40)
  return wav
}
