/**
 * `npm run etl -- classify [--json]`: classifies invoice lines read as JSON lines from stdin, one output
 * line per input line. Needs no database. A bad input line yields an error line naming its line number;
 * the command then exits 1 after the rest has been processed.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { classifyLine, loadDefaultModel, type Classification } from '../../transformers/classify/index.js';
import { parseCommandArgs } from '../usage.js';

export const summary = 'classify invoice lines (JSON lines on stdin) into emission categories';

const decimalString = z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');
const InputLine = z.object({
  description: z.string().min(1),
  unitCode: z.string().optional(),
  quantity: decimalString.optional(),
  amount: decimalString.optional(),
  currency: z.string().length(3).optional(),
  supplierVkn: z.string().regex(/^\d{10,11}$/, 'must be 10 (VKN) or 11 (TCKN) digits').optional(),
  supplierName: z.string().optional(),
  itemCode: z.string().optional(),
});

type Outcome = { ok: true; value: Classification } | { ok: false; message: string };

function classifyText(text: string, model: ReturnType<typeof loadDefaultModel>): Outcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = InputLine.safeParse(json);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ') };
  }
  return { ok: true, value: classifyLine(parsed.data, { rules: [], model }) };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean', default: false } });
  const model = loadDefaultModel();
  let failed = 0;
  let lineNo = 0;
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (text.trim() === '') continue;
    const outcome = classifyText(text, model);
    if (!outcome.ok) {
      failed++;
      process.stdout.write(values.json
        ? `${JSON.stringify({ error: { line: lineNo, message: outcome.message } })}\n`
        : `line ${lineNo}: error: ${outcome.message}\n`);
      continue;
    }
    const { category, scope, scope3Category, confidence, source } = outcome.value;
    process.stdout.write(values.json
      ? `${JSON.stringify({ category, scope, scope3Category, confidence, source })}\n`
      : `line ${lineNo}: ${category} scope=${scope ?? '-'} cat3=${scope3Category ?? '-'} confidence=${confidence} (${source}, ${outcome.value.status})\n`);
  }
  if (failed > 0) process.stderr.write(`etl classify: ${failed} of ${lineNo} input lines were invalid\n`);
  return failed > 0 ? 1 : 0;
}
