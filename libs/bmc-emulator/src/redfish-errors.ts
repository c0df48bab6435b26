/** A Redfish error body (DSP0266 §9.6), with one Base registry message. */
export function redfishError(status: number, messageId: string, message: string): { status: number; body: unknown } {
  return {
    status,
    body: {
      error: {
        code: `Base.1.8.${messageId}`,
        message,
        '@Message.ExtendedInfo': [{ '@odata.type': '#Message.v1_1_1.Message', MessageId: `Base.1.8.${messageId}`, Message: message, Severity: 'Warning', Resolution: 'Correct the request and resubmit it.' }],
      },
    },
  };
}
