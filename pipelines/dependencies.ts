/**
 * What a sync needs to reach a provider and transform its documents, built from the database: the
 * integration's decrypted credentials (opened only here, never logged), its extractor, and the
 * organization's transform context (its VKN, its classification rules, the factor ids).
 */
import type { Kysely } from 'kysely';
import type { Database, Integration } from '../db/schema.js';
import type { Vault } from '../db/vault.js';
import type { Extractor, ExtractorLogger } from '../extractors/contract.js';
import type { ExtractorOptions } from '../extractors/options.js';
import { extractorFactories } from '../extractors/registry.js';
import type { ProviderId } from '../domain/providers.js';
import { OrganizationRule } from '../transformers/classify/index.js';
import { defaultTransformContext, type TransformContext } from '../transformers/transform.js';
import type { ParseOptions } from '../transformers/ubl-tr/index.js';

/** Builds the extractor of a provider; tests and benchmarks pass their own options (timeouts, retries). */
export type ExtractorFactory = (provider: ProviderId, options: ExtractorOptions) => Extractor<unknown>;

export const registryExtractorFactory: ExtractorFactory = (provider, options) => extractorFactories[provider](options);

export class IntegrationSetupError extends Error {
  override name = 'IntegrationSetupError';
}

/** The vault context binds a ciphertext to its integration: copied onto another row it does not open. */
export const credentialContext = (integrationId: string): string => `integration:${integrationId}`;

export function openCredentials(vault: Vault, integration: Pick<Integration, 'id' | 'credentials_key_id' | 'credentials_ciphertext'>): unknown {
  if (!integration.credentials_key_id || !integration.credentials_ciphertext) throw new IntegrationSetupError('the integration has no stored credentials: connect it first');
  return JSON.parse(vault.open({ keyId: integration.credentials_key_id, ciphertext: integration.credentials_ciphertext }, credentialContext(integration.id))) as unknown;
}

export function extractorForIntegration(factory: ExtractorFactory, integration: Pick<Integration, 'provider' | 'endpoint_url'>, logger: ExtractorLogger, options: Partial<ExtractorOptions> = {}): Extractor<unknown> {
  if (!integration.endpoint_url) throw new IntegrationSetupError(`no endpoint URL is configured for this ${integration.provider} integration`);
  return factory(integration.provider, { ...options, baseUrl: integration.endpoint_url, logger });
}

export async function organizationTransformContext(db: Kysely<Database>, organizationId: string, parse?: ParseOptions): Promise<TransformContext> {
  const organization = await db.selectFrom('organizations').select(['vkn']).where('id', '=', organizationId).executeTakeFirstOrThrow();
  const rules = await db.selectFrom('classification_rules').selectAll().where('organization_id', '=', organizationId).orderBy('priority', 'desc').orderBy('created_at').execute();
  const context = defaultTransformContext(
    organization.vkn ? [organization.vkn] : [],
    rules.map((r) => OrganizationRule.parse({ id: r.id, category: r.category, ...(r.supplier_vkn ? { supplierVkn: r.supplier_vkn } : {}), ...(r.keyword ? { keyword: r.keyword } : {}), ...(r.item_code ? { itemCode: r.item_code } : {}) })),
  );
  return parse ? { ...context, parse } : context;
}

export async function factorIdsByKey(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('emission_factors').select(['id', 'key', 'edition']).execute();
  return new Map(rows.map((r) => [`${r.key}\u0000${r.edition}`, r.id]));
}
