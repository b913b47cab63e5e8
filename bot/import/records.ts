// Import files → records with their row numbers, for every kind of import (jobs, fairs): a JSON array, or CSV with
// a header row parsed by csv-parse (quotes, BOM, CRLF). Cells are untrusted: each row is checked on its own and a bad
// one is reported with its number and reason, never thrown.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { storable } from '../sanitize.js';

export interface Row {
  /** 1-based position of the record in the file (CSV: the first row after the header is 1). */
  row: number;
  /** CSV only: the line where the record starts, as an editor shows it. */
  line?: number;
  record: Record<string, unknown>;
}

export interface Rejected {
  row: number;
  line?: number;
  reason: string;
}

export interface ImportReport {
  inserted: number;
  updated: number;
  rejected: Rejected[];
}

export class ImportFormatError extends Error {}

export type Format = 'csv' | 'json';

/** The format a file name or a Content-Type names; null when it is neither. */
export function formatOf(nameOrType: string): Format | null {
  const s = nameOrType.toLowerCase();
  if (/\bjson\b|\.json$/.test(s)) return 'json';
  if (/\bcsv\b|\.csv$|text\/plain/.test(s)) return 'csv';
  return null;
}

/** Every record of a file; throws ImportFormatError when the file as a whole cannot be read. */
export function readRecords(body: string | Buffer | unknown, format: Format): Row[] {
  if (format === 'json') {
    let data: unknown = body;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      try {
        data = JSON.parse(body.toString().replace(/^\uFEFF/, ''));
      } catch (err) {
        throw new ImportFormatError(`not valid JSON: ${(err as Error).message}`);
      }
    }
    if (!Array.isArray(data)) throw new ImportFormatError('expected a JSON array of records');
    return data.map((record, i) => ({
      row: i + 1,
      record: record && typeof record === 'object' && !Array.isArray(record) ? storable(record) : { $invalid: record },
    }));
  }
  try {
    const records = parse(typeof body === 'string' || Buffer.isBuffer(body) ? body : String(body), {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number; columns: unknown[] } }[];
    return records.map(({ record, info }, i) => ({
      row: i + 1,
      line: info.lines,
      record: storable(record),
    }));
  } catch (err) {
    throw new ImportFormatError(`not valid CSV: ${(err as Error).message}`);
  }
}

// Cell helpers: CSV gives strings, JSON gives typed values; both mean the same record.
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)),
    z.string().max(max).optional(),
  );
export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);
export const optionalNumber = z.preprocess(
  (v) => (typeof v === 'string' ? blankToUndefined(v.trim().replace(/,/g, '')) : blankToUndefined(v)),
  z.coerce.number().finite().optional(),
);
export const optionalInt = z.preprocess(
  (v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)),
  z.coerce.number().int().min(0).optional(),
);
/** A list: a JSON array, or a `|`-separated CSV cell. */
export const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split('|')
            .map((s) => s.trim())
            .filter(Boolean)
        : (blankToUndefined(v) ?? []),
    z.array(item).max(50),
  );
/** An ISO 8601 time with its offset (a date alone is midnight UTC). */
export const optionalTime = z.preprocess(
  (v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)),
  z
    .string()
    .refine((s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(s), {
      message: 'is not an ISO 8601 date, or its time has no offset',
    })
    .transform((s) => new Date(s))
    .refine((d) => !Number.isNaN(d.getTime()), { message: 'is not a real date' })
    .optional(),
);

/** The first problem of a row, said so that an operator can fix it: "salary_min: expected a number". */
export function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return field ? `${field}: ${message}` : message;
}
