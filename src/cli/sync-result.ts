/** How a sync asked for by the CLI ended, whether this process ran it or a running service did. */
export type SyncResult =
  | { status: 'not_configured' }
  | { status: 'busy'; runId: number | undefined }
  /** The running service took a sync too recently (SYNC_REQUEST_MIN_SECONDS). */
  | { status: 'too_soon'; retryAfterSeconds: number }
  | { status: 'failed'; runId: number; error: string | null }
  | { status: 'succeeded'; runId: number; counts: Readonly<Record<string, number>>; requests: number };
