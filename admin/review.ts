/**
 * Review of an inventory line: the reviewer corrects its category (scope follows the category) and may
 * create a rule for the line's supplier, so future lines of that supplier are classified the same way;
 * the rule records who made it. The line's kg CO2e is calculated again under the category it now has.
 */
import type { ActionContext, ActionRequest } from 'adminjs';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CategoryKey, categoryKeys, categoryScopes } from '../domain/categories.js';
import type { Database } from '../db/schema.js';
import { logActivity } from '../pipelines/activity.js';
import { factorIdsByKey } from '../pipelines/dependencies.js';
import { reviewedResult } from '../pipelines/review.js';
import { allowed, userOf } from './roles.js';

const Review = z.object({ category: CategoryKey, createRule: z.enum(['true', 'false']).default('false') });

export async function reviewLine(db: Kysely<Database>, lineId: string, input: { category: CategoryKey; createRule: boolean }, user: { email: string; organizationId: string }) {
  return db.transaction().execute(async (trx) => {
    const line = await trx.selectFrom('inventory_lines').selectAll().where('id', '=', lineId).where('organization_id', '=', user.organizationId).executeTakeFirstOrThrow();
    const { scope, scope3Category } = categoryScopes[input.category];
    const changed = line.category !== input.category;
    const result = line.status === 'excluded' && !changed ? null : reviewedResult(line.calculation, input.category, user.email, await factorIdsByKey(trx));
    await trx
      .updateTable('inventory_lines')
      .set({
        category: input.category, scope, scope3_category: scope3Category, classification_source: 'review', confidence: '1',
        ...(result ?? (changed ? { status: input.category === 'not_emission' ? 'excluded' : 'ready_for_ef_matching', kg_co2e: null, factor_id: null, method: null } : { status: line.status === 'needs_review' ? 'ready_for_ef_matching' : line.status })),
        updated_at: new Date(),
      })
      .where('id', '=', line.id)
      .execute();
    if (input.createRule) {
      await trx.insertInto('classification_rules').values({ organization_id: user.organizationId, supplier_vkn: line.supplier_vkn, category: input.category, created_by: user.email, priority: 100 }).execute();
      await logActivity(trx, { organizationId: user.organizationId, action: 'rule_change', status: 'success', performedBy: user.email, integrationId: line.integration_id, details: `Rule: lines of supplier ${line.supplier_name ?? ''} (${line.supplier_vkn}) are ${input.category}` });
    }
    return { changed, from: line.category };
  });
}

export function reviewAction(db: Kysely<Database>, component: string) {
  return {
    actionType: 'record' as const,
    icon: 'CheckSquare',
    component,
    isAccessible: allowed('review'),
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const record = context.record!;
      if (request.method !== 'post') return { record: record.toJSON(context.currentAdmin), categories: categoryKeys };
      const user = userOf(context)!;
      const parsed = Review.safeParse(request.payload);
      if (!parsed.success) return { record: record.toJSON(context.currentAdmin), notice: { message: `Review refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, type: 'error' } };
      const outcome = await reviewLine(db, String(record.id()), { category: parsed.data.category, createRule: parsed.data.createRule === 'true' }, user);
      const reloaded = await context.resource.findOne(String(record.id()), context);
      return {
        record: (reloaded ?? record).toJSON(context.currentAdmin),
        redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(record.id()), actionName: 'show' }),
        notice: { message: `Category ${outcome.from} → ${parsed.data.category}${parsed.data.createRule === 'true' ? '; rule created for this supplier' : ''}`, type: 'success' },
      };
    },
  };
}
