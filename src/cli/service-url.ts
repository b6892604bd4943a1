/** Where the CLI looks for a running service unless told (`--url`). */
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:5000';
