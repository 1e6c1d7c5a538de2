/**
 * What `etl` prints on stdout: with --json one JSON object per result (a list: one per line) and
 * nothing else; without it, a table for people. Progress goes to stderr: a bar on a terminal, plain
 * lines otherwise, so stdout stays clean for pipes.
 */
import cliProgress from 'cli-progress';

export type Cell = string | number | boolean | Date | null | undefined;

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '—';
  if (cell instanceof Date) return cell.toISOString().replace('T', ' ').slice(0, 19);
  return String(cell);
}

/** A plain table: header, a rule, one line per row; columns as wide as their widest cell. */
export function printTable(headers: readonly string[], rows: readonly Cell[][]): void {
  const cells = rows.map((row) => row.map(text));
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length))));
  const line = (values: readonly string[]) => values.map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
  if (rows.length === 0) out.push('(none)');
  process.stdout.write(out.join('\n') + '\n');
}

export interface Progress {
  update(done: number, detail: string): void;
  stop(): void;
}

/** `total` steps (e.g. 100 for a share); a bar when stderr is a terminal, else a line per update (at most one a second). */
export function startProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% {detail}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { detail: '' });
    return { update: (done, detail) => bar.update(done, { detail }), stop: () => bar.stop() };
  }
  let last = 0;
  return {
    update(done, detail) {
      if (Date.now() - last < 1_000 && done < total) return;
      last = Date.now();
      process.stderr.write(`${label}: ${Math.round((done / total) * 100)}% ${detail}\n`);
    },
    stop() {},
  };
}
