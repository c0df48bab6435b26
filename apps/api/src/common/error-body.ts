/** Reason phrases for the framework-shaped errors (webob's titles). */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  error_message: string;
}

/**
 * Python's json.dumps spacing (`", "` and `": "`), so the inner document reads byte for byte
 * like Ironic's; clients only parse it, but people compare logs.
 */
function pythonJson(value: Record<string, string | number | null>): string {
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ')}}`;
}

/** The body of an application error: JSON inside JSON (§3.1). 5xx are the server's fault, the rest the client's. */
export function faultBody(status: number, message: string): ErrorBody {
  return {
    error_message: pythonJson({ faultcode: status >= 500 ? 'Server' : 'Client', faultstring: message, debuginfo: null }),
  };
}

/** The body of a router-level error (unknown path, wrong method, version refused, bad ident in the URL). */
export function frameworkBody(status: number, description: string | null): ErrorBody {
  return { error_message: pythonJson({ code: status, title: TITLES[status] ?? 'Error', description }) };
}
