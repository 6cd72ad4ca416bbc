/** gateway.status and sms_gateway.status. */
export const GATEWAY_STATUS = { inactive: 0, active: 1 } as const
