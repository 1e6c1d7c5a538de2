/**
 * Child-process runner of one heavy hostile case (hostile.test.ts), started with a heap limit: prints its
 * mismatch, the document's size and the process's peak RSS as one JSON line.
 */
import { heavyCases } from './cases.js';
import { mismatch } from './evaluate.js';

const index = Number(process.argv[2]);
const heavy = heavyCases()[index];
if (!heavy) throw new Error(`no heavy case ${process.argv[2]}`);
const c = { ...heavy, input: heavy.build() };
const size = typeof c.input === 'string' ? Buffer.byteLength(c.input) : c.input.length;
const failure = mismatch(c);
process.stdout.write(JSON.stringify({ name: c.name, failure, size, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
