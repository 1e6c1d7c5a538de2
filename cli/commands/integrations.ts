/**
 * `etl integrations list|connect|edit|pause|resume|disconnect|test`: the integration lifecycle from a
 * terminal, through the same lifecycle service the panel uses. Passwords never travel on the command
 * line (see cli/secrets.ts).
 */
import { Command, Option } from 'commander';
import { sql } from 'kysely';
import { providerIds, type ProviderId } from '../../domain/providers.js';
import type { Integration } from '../../db/schema.js';
import { withCliContext, type CliContext, type GlobalOptions } from '../context.js';
import { printJson, printTable } from '../output.js';
import { providerPassword } from '../secrets.js';
import { CliUsageError } from '../usage.js';

interface ConnectOptions extends GlobalOptions {
  startDate?: string;
  username?: string;
  passwordStdin?: boolean;
  vkn?: string;
  endpoint?: string;
}

/** The provider's own form from the options: İşNet takes the company VKN; QNB a VKN too; the rest a username and password. */
async function credentialsFor(provider: ProviderId, options: ConnectOptions, required: boolean): Promise<Record<string, unknown> | undefined> {
  if (provider === 'isnet') {
    if (options.vkn === undefined) {
      if (required) throw new CliUsageError('İşNet authorizes by the company VKN: pass --vkn');
      return undefined;
    }
    return { vkn: options.vkn };
  }
  if (options.username === undefined && !required && !options.passwordStdin) return undefined;
  if (options.username === undefined) throw new CliUsageError(`${provider} needs --username (and a password from the prompt, --password-stdin or ETL_PROVIDER_PASSWORD)`);
  const credentials: Record<string, unknown> = { username: options.username, password: await providerPassword(options) };
  if (provider === 'qnb') {
    if (options.vkn === undefined) throw new CliUsageError('QNB e-Solutions also needs the company --vkn');
    credentials.vkn = options.vkn;
  }
  return credentials;
}

function integrationJson(row: Integration) {
  return {
    id: row.id, provider: row.provider, status: row.status, startDate: row.start_date, endpointUrl: row.endpoint_url,
    lastSuccessfulSyncAt: row.last_successful_sync_at, lastError: row.last_error, updatedBy: row.updated_by,
  };
}

function printed(context: CliContext, row: Integration, message: string): void {
  if (context.json) printJson(integrationJson(row));
  else process.stdout.write(`${message}\n`);
}

async function list(context: CliContext): Promise<void> {
  const cards = await (await context.lifecycle()).list(context.organizationId);
  const monthly = await context.database.db
    .selectFrom('inventory_lines')
    .select(['integration_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('organization_id', '=', context.organizationId)
    .where(sql<boolean>`created_at >= date_trunc('month', now())`)
    .groupBy('integration_id')
    .execute();
  const thisMonth = new Map(monthly.map((r) => [r.integration_id, Number(r.count)]));
  const rows = cards.map((c) => ({ ...c, recordsThisMonth: thisMonth.get(c.id) ?? 0 }));
  if (context.json) return rows.forEach((r) => printJson(r));
  printTable(
    ['provider', 'status', 'start date', 'last successful sync', 'records this month', 'records total', 'responsible', 'id'],
    rows.map((r) => [r.providerName, r.status, r.startDate, r.lastSuccessfulSyncAt, r.recordsThisMonth, r.recordsImported, r.responsible, r.id]),
  );
}

const global = (command: Command): GlobalOptions => command.optsWithGlobals<GlobalOptions>();

function withConnectOptions(command: Command): Command {
  return command
    .option('--username <name>', 'the provider user name (EDM, QNB, CRS Soft, Uyumsoft)')
    .option('--password-stdin', 'read the password from standard input (else ETL_PROVIDER_PASSWORD, else a prompt)')
    .option('--vkn <vkn>', "the company VKN (İşNet's credential; QNB's list calls name it too)")
    .option('--endpoint <url>', 'the provider service URL (test, self-hosted or a simulator)');
}

export function integrationsCommand(): Command {
  const command = new Command('integrations').description('list, connect, edit, pause, resume, disconnect and test integrations');

  command.command('list').description('provider, status, start date, last successful sync, records imported this month, who is responsible')
    .action((_options, self: Command) => withCliContext(global(self), list));

  withConnectOptions(command.command('connect').argument('<provider>', `one of ${providerIds.join(', ')}`))
    .description('test the credentials, store them encrypted and queue the backfill from the start date')
    .requiredOption('--start-date <date>', 'first day to import (YYYY-MM-DD); an old date means a long first import')
    .action((provider: string, options: ConnectOptions, self: Command) => withCliContext(global(self), async (context) => {
      const id = provider.toLowerCase();
      if (!providerIds.includes(id as ProviderId)) throw new CliUsageError(`unknown provider "${provider}": one of ${providerIds.join(', ')}`);
      const credentials = await credentialsFor(id as ProviderId, options, true);
      const connected = await (await context.lifecycle()).connect({
        organizationId: context.organizationId, provider: id as ProviderId, credentials: credentials ?? {}, startDate: options.startDate ?? '',
        ...(options.endpoint ? { endpointUrl: options.endpoint } : {}), performedBy: context.performedBy,
      });
      printed(context, connected, `connected ${connected.provider} from ${connected.start_date}; the backfill is queued for the engine (npm start) — or run: etl sync ${connected.provider}`);
    }));

  withConnectOptions(command.command('edit').argument('<integration>', 'id or provider'))
    .description('change credentials (tested first), endpoint or start date (earlier: only the gap is backfilled)')
    .option('--start-date <date>', 'new start date (YYYY-MM-DD)')
    .action((ref: string, options: ConnectOptions, self: Command) => withCliContext(global(self), async (context) => {
      const integration = await context.integration(ref);
      const credentials = await credentialsFor(integration.provider, options, false);
      const edited = await (await context.lifecycle()).edit(integration.id, {
        ...(credentials ? { credentials } : {}), ...(options.startDate ? { startDate: options.startDate } : {}), ...(options.endpoint ? { endpointUrl: options.endpoint } : {}),
      }, context.performedBy, context.organizationId);
      printed(context, edited, `edited ${edited.provider}`);
    }));

  for (const [name, description] of [
    ['pause', 'stop data flowing (a running sync is stopped); stays connected'],
    ['resume', 'let data flow again and queue a sync to catch up'],
    ['disconnect', 'stop data flowing at once and erase the credentials; imported data stays'],
  ] as const) {
    command.command(name).argument('<integration>', 'id or provider').description(description)
      .action((ref: string, _options, self: Command) => withCliContext(global(self), async (context) => {
        const integration = await context.integration(ref);
        const changed = await (await context.lifecycle())[name](integration.id, context.performedBy, context.organizationId);
        printed(context, changed, `${changed.provider}: ${changed.status}`);
      }));
  }

  command.command('test').argument('<integration>', 'id or provider').description('call the provider with the stored credentials (reads and marks nothing)')
    .action((ref: string, _options, self: Command) => withCliContext(global(self), async (context) => {
      const integration = await context.integration(ref);
      await (await context.lifecycle()).testConnection(integration.id, context.performedBy, context.organizationId);
      if (context.json) printJson({ id: integration.id, provider: integration.provider, ok: true });
      else process.stdout.write(`${integration.provider}: the provider accepted the stored credentials\n`);
    }));

  return command;
}

export const orgOption = new Option('--org <vkn>', 'the organization (its VKN); default: the demo organization');
