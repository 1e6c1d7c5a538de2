/**
 * `npm run etl -- classify [--json] [--rules RULES.json]`: classifies invoice lines read as JSON lines from
 * stdin, one output line per input line. Needs no database. RULES.json is an array of organization rules
 * ({ id, supplierVkn?, keyword?, itemCode?, category }). A bad input line yields an error line naming its
 * line number; the command then exits 1 after the rest has been processed.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { classificationStatus, classifyLine, loadDefaultModel, OrganizationRule, type Classification } from '../../transformers/classify/index.js';
import { CliUsageError, parseCommandArgs } from '../usage.js';

export const usage = `usage: npm run etl -- classify --json [--rules RULES.json] < lines.jsonl
  stdin    JSON lines {"description", "unitCode"?, "quantity"?, "amount"?, "currency"?, "supplierVkn"?, "supplierName"?, "itemCode"?}
  stdout   one JSON line each {"category", "subcategory", "scope", "scope3Category", "confidence", "source", "status"}
           (status: accepted, or needs_review), or {"error": {line, message}}
  --rules  organization rules (JSON array of {id, supplierVkn?, keyword?, itemCode?, category})
Exits 1 when any input line was bad, 2 when the rules file is.`;

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

function readRules(path: string | undefined): OrganizationRule[] {
  if (!path) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`--rules ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = z.array(OrganizationRule).safeParse(json);
  if (!parsed.success) throw new CliUsageError(`--rules ${path}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  return parsed.data;
}

function classifyText(text: string, rules: readonly OrganizationRule[], model: ReturnType<typeof loadDefaultModel>): Outcome {
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
  return { ok: true, value: classifyLine(parsed.data, { rules, model }) };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { json: { type: 'boolean', default: false }, rules: { type: 'string' } });
  const rules = readRules(values.rules);
  const model = loadDefaultModel();
  let failed = 0;
  let lineNo = 0;
  for await (const text of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (text.trim() === '') continue;
    const outcome = classifyText(text, rules, model);
    if (!outcome.ok) {
      failed++;
      process.stdout.write(values.json
        ? `${JSON.stringify({ error: { line: lineNo, message: outcome.message } })}\n`
        : `line ${lineNo}: error: ${outcome.message}\n`);
      continue;
    }
    const { category, subcategory, scope, scope3Category, confidence, source } = outcome.value;
    const status = classificationStatus(outcome.value);
    process.stdout.write(values.json
      ? `${JSON.stringify({ category, subcategory, scope, scope3Category, confidence, source, status })}\n`
      : `line ${lineNo}: ${category}${subcategory ? ` (${subcategory})` : ''} scope=${scope ?? '-'} cat3=${scope3Category ?? '-'} confidence=${confidence} (${source}, ${status})\n`);
  }
  if (failed > 0) process.stderr.write(`etl classify: ${failed} of ${lineNo} input lines were invalid\n`);
  return failed > 0 ? 1 : 0;
}
