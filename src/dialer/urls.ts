/** Webhook URLs given to the provider for one call. Signatures are checked against these exact URLs. */
export function callUrls(publicUrl: string, callId: number, seq?: number) {
  const q = (path: string) => `${publicUrl}/twilio/${path}?call=${callId}${seq === undefined ? '' : `&seq=${seq}`}`
  return {
    voice: `${publicUrl}/twilio/voice?call=${callId}`,
    status: `${publicUrl}/twilio/status?call=${callId}`,
    amd: `${publicUrl}/twilio/amd?call=${callId}`,
    gather: q('gather'),
    record: q('recording'),
    dial_action: q('dial'),
  }
}

export const smsStatusUrl = (publicUrl: string, smsId: number) => `${publicUrl}/twilio/sms-status?sms=${smsId}`
