// Import files → records with their row numbers, for every kind of import (jobs, fairs, legal): a JSON array, or CSV with
// a header row parsed by csv-parse (quotes, BOM, CRLF). Cells are untrusted: each row is checked on its own and a bad
// one is reported with its number and reason, never thrown.
import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isZone } from '../format.js';
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

/** Marks a JSON element that is not an object, so that its row is reported as such. */
export const NOT_AN_OBJECT = '$not_an_object';

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
      record:
        record && typeof record === 'object' && !Array.isArray(record) ? storable(record) : { [NOT_AN_OBJECT]: true },
    }));
  }
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : String(body));
  try {
    const records = parse(buf, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
    }) as { record: Record<string, string>; raw: string; info: { bytes: number } }[];
    return records.map(({ record, raw, info }, i) => ({
      row: i + 1,
      line: startLine(buf, info.bytes, raw),
      record: storable(record),
    }));
  } catch (err) {
    throw new ImportFormatError(`not valid CSV: ${(err as Error).message}`);
  }
}

/**
 * The line where a CSV record starts, as an editor numbers it. csv-parse counts the lines a record ends on, and counts
 * a CRLF inside quotes twice; so the start is found from the record's end offset and its raw text instead.
 */
function startLine(buf: Buffer, endByte: number, raw: string): number {
  let start = Math.max(0, endByte - Buffer.byteLength(raw));
  while (buf[start] === 0x0a || buf[start] === 0x0d) start++;
  return (
    (
      buf
        .subarray(0, start)
        .toString('latin1')
        .match(/\r\n|\r|\n/g) ?? []
    ).length + 1
  );
}

// Cell helpers: CSV gives strings, JSON gives typed values; both mean the same record.
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v)),
    z.string().max(max).optional(),
  );
export const requiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);
// "6,000" and "1,200" are thousands; "6,9" is not a number we guess at.
const numberCell = (v: unknown) =>
  typeof v === 'string'
    ? blankToUndefined(/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v.trim()) ? v.trim().replace(/,/g, '') : v.trim())
    : blankToUndefined(v);
const aNumber = z.coerce.number({ message: 'expected a number' }).finite('expected a number');
export const optionalNumber = z.preprocess(numberCell, aNumber.optional());
/** A count that fits Postgres's integer. */
export const optionalInt = z.preprocess(
  numberCell,
  aNumber.int('expected a whole number').min(0, 'must not be negative').max(2_147_483_647, 'is too large').optional(),
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
const timeCell = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(s), {
    message: 'is not an ISO 8601 date, or its time has no offset',
  })
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), { message: 'is not a real date' });
const trimmed = (v: unknown) => (typeof v === 'string' ? blankToUndefined(v.trim()) : blankToUndefined(v));
export const optionalTime = z.preprocess(trimmed, timeCell.optional());
/** A time that must be given, with its offset: "2026-03-01T09:00:00+08:00". */
export const requiredTime = z.preprocess(trimmed, timeCell);

/** An IANA time zone the runtime knows ("Asia/Jakarta"); a wrong one is a bad row, never a crash later. */
export const optionalZone = z.preprocess(
  trimmed,
  z.string().refine(isZone, { message: 'is not an IANA time zone such as Asia/Jakarta' }).optional(),
);

/** The first problem of a row, said so that an operator can fix it: "salary_min: expected a number". */
function reasonOf(error: z.ZodError, record: Record<string, unknown>): string {
  if (record[NOT_AN_OBJECT]) return 'expected an object with the fields of a record';
  const issue = error.issues[0]!;
  const field = issue.path.join('.');
  const given = issue.path.length ? record[String(issue.path[0])] : record;
  const missing = given === undefined || given === null || (typeof given === 'string' && !given.trim());
  const message = issue.code === 'invalid_type' && missing ? 'is required' : issue.message;
  return field ? `${field}: ${message}` : message;
}

/**
 * The rows of a file that pass `schema`, each external_id once; the others as rejects with their reasons. Every kind of
 * import checks its rows this way.
 */
export function checkRows<T extends { external_id: string }>(
  rows: Row[],
  schema: z.ZodType<T>,
): { good: T[]; rejected: Rejected[] } {
  const good: T[] = [];
  const rejected: Rejected[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const parsed = schema.safeParse(row.record);
    const at = { row: row.row, ...(row.line ? { line: row.line } : {}) };
    if (!parsed.success) {
      rejected.push({ ...at, reason: reasonOf(parsed.error, row.record) });
      continue;
    }
    const first = seen.get(parsed.data.external_id);
    if (first !== undefined) {
      rejected.push({ ...at, reason: `external_id: "${parsed.data.external_id}" is already row ${first}` });
      continue;
    }
    seen.set(parsed.data.external_id, row.row);
    good.push(parsed.data);
  }
  return { good, rejected };
}

/**
 * The SET of an upsert that takes every given field from the row the import tried to insert (`excluded.<column>`),
 * the key and the first-import time left as they were.
 */
export function fromExcluded<T extends Table>(table: T, row: Record<string, unknown>): Record<string, SQL> {
  const columns = getTableColumns(table);
  return Object.fromEntries(
    Object.keys(row)
      .filter((k) => k !== 'externalId' && k !== 'createdAt')
      .map((k) => [k, sql.raw(`excluded.${columns[k]!.name}`)]),
  );
}
