/**
 * A provider password for `integrations connect|edit`, never from the command line: the environment
 * variable ETL_PROVIDER_PASSWORD, standard input with --password-stdin, or a prompt on a terminal
 * (typed without echo).
 */
import { CliUsageError } from './usage.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          done();
          return resolve(typed);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliUsageError('cancelled'));
        }
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

export async function providerPassword(options: { passwordStdin?: boolean }): Promise<string> {
  let password: string | undefined;
  if (options.passwordStdin) password = await readStdin();
  else if (process.env.ETL_PROVIDER_PASSWORD) password = process.env.ETL_PROVIDER_PASSWORD;
  else if (process.stdin.isTTY) password = await prompt('Password: ');
  if (!password) throw new CliUsageError('a password is needed: type it at the prompt, pipe it with --password-stdin, or set ETL_PROVIDER_PASSWORD');
  return password;
}
