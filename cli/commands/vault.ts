/** `etl vault rotate`: re-encrypts every stored credential with the first key of ENCRYPTION_KEYS. */
import { Command } from 'commander';
import { rotateCredentials } from '../../pipelines/rotate-credentials.js';
import { withCliContext, type GlobalOptions } from '../context.js';
import { printJson } from '../output.js';

export function vaultCommand(): Command {
  const vault = new Command('vault').description('the credential vault');
  vault.command('rotate')
    .description('re-encrypt every stored credential with the active (first) key of ENCRYPTION_KEYS; afterwards older keys can be removed')
    .action((_options, self: Command) => withCliContext(self.optsWithGlobals<GlobalOptions>(), async (context) => {
      const result = await rotateCredentials(context.database.db, context.vault);
      if (context.json) return printJson({ ...result });
      process.stdout.write(`vault: ${result.rotated} credentials re-encrypted with key "${result.activeKeyId}", ${result.alreadyCurrent} already current` +
        `${result.changedMeanwhile ? `, ${result.changedMeanwhile} changed meanwhile (run again)` : ''}\n`);
    }));
  return vault;
}
