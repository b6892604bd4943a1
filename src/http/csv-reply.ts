import type { FastifyReply } from 'fastify';
import { toCsv, type CsvValue } from './csv.ts';

/** Answers with a CSV download named `filename` (made of our own dates and words, never of client text). */
export function sendCsv(reply: FastifyReply, filename: string, header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(toCsv(header, rows));
}
