/**
 * A small AdminJS adapter over the app's own Kysely instance (stack.md §4): one pool, columns from the
 * catalog, open-ended ranges, uuid prefixes, escaped ILIKE, pk tiebreak, numeric counts. Write-only columns
 * (ciphertexts, password hashes) are never selected, so no response can carry them. Tables with an
 * organization_id are scoped to the signed-in user's organization on every read and write; without a
 * signed-in user such a table answers nothing.
 */
import { BaseDatabase, BaseProperty, BaseRecord, BaseResource, Filter, ValidationError, type ActionContext, type ParamsType, type PropertyType } from 'adminjs';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/schema.js';
import { introspectTable, type ColumnInfo } from './introspect.js';

const propertyTypes: Record<string, PropertyType> = {
  uuid: 'uuid', text: 'string', varchar: 'string', int2: 'number', int4: 'number', int8: 'number', numeric: 'float', float8: 'float',
  date: 'date', timestamptz: 'datetime', timestamp: 'datetime', bool: 'boolean', jsonb: 'textarea', json: 'textarea',
};
const TEXT_TYPES = new Set(['text', 'varchar']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPE_COLUMN = 'organization_id';
/** How far a list filtered by a pattern counts its matches: 400 pages of 25. */
export const PATTERN_COUNT_LIMIT = 10_000;

class KyselyProperty extends BaseProperty {
  constructor(readonly column: ColumnInfo, private readonly referenceTo: string | null) {
    super({ path: column.name, type: referenceTo ? 'reference' : (propertyTypes[column.pgType] ?? 'string'), isId: column.isPrimaryKey, isSortable: !['jsonb', 'json'].includes(column.pgType), position: column.position });
  }
  override isEditable() { return !this.column.isPrimaryKey; }
  override isRequired() { return this.column.notNull && !this.column.hasDefault; }
  override availableValues() { return this.column.allowedValues; }
  override reference() { return this.referenceTo; }
}

export interface TableOptions {
  /** Columns never selected nor returned (still writable, e.g. a password hash set in a hook). */
  writeOnly?: readonly string[];
  /** Tables registered as resources: a foreign key to one of them becomes a reference. */
  resources?: readonly string[];
}

export interface KyselyTable {
  db: Kysely<Database>;
  table: string;
  columns: ColumnInfo[];
  options: TableOptions;
}

export async function introspect(db: Kysely<Database>, table: string, options: TableOptions = {}): Promise<KyselyTable> {
  return { db, table, columns: await introspectTable(db, table), options };
}

function isKyselyTable(raw: unknown): raw is KyselyTable {
  return typeof raw === 'object' && raw !== null && 'table' in raw && 'columns' in raw && 'db' in raw;
}

function organizationOf(context?: ActionContext): string | null {
  const id: unknown = context?.currentAdmin?.organizationId;
  return typeof id === 'string' ? id : null;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class KyselyResource extends BaseResource {
  static override isAdapterFor(raw: unknown): boolean {
    return isKyselyTable(raw);
  }

  private readonly db: Kysely<Database>;
  private readonly table: string;
  private readonly readable: ColumnInfo[];
  private readonly writable: Map<string, ColumnInfo>;
  private readonly props: KyselyProperty[];
  private readonly pk: string;
  private readonly scoped: boolean;
  /** The list action's find() and count() share one context: the count find() made is not made again. */
  private readonly counts = new WeakMap<ActionContext, Map<string, number>>();

  constructor(raw: KyselyTable) {
    super(raw);
    this.db = raw.db;
    this.table = raw.table;
    const writeOnly = new Set(raw.options.writeOnly ?? []);
    const registered = new Set(raw.options.resources ?? []);
    this.readable = raw.columns.filter((c) => !writeOnly.has(c.name));
    this.writable = new Map(raw.columns.filter((c) => !c.isPrimaryKey).map((c) => [c.name, c]));
    this.props = this.readable.map((c) => new KyselyProperty(c, c.references && registered.has(c.references) ? c.references : null));
    this.pk = raw.columns.find((c) => c.isPrimaryKey)?.name ?? 'id';
    this.scoped = raw.columns.some((c) => c.name === SCOPE_COLUMN);
  }

  override databaseName() { return 'postgres'; }
  override databaseType() { return 'postgresql'; }
  override id() { return this.table; }
  override properties() { return this.props; }
  override property(path: string) { return this.props.find((p) => p.path() === path) ?? null; }

  /** The organization condition, or null when a scoped table is asked without a signed-in user. */
  private scope(context?: ActionContext): RawBuilder<unknown>[] | null {
    if (!this.scoped) return [];
    const organizationId = organizationOf(context);
    return organizationId ? [sql`${sql.ref(SCOPE_COLUMN)} = ${organizationId}`] : null;
  }

  /** One filter's SQL; `pattern` when it is an ILIKE match (substring or uuid prefix), which no B-tree serves. */
  private condition(property: KyselyProperty, value: FilterValue): { sql: RawBuilder<unknown>; pattern: boolean } | null {
    const column = sql.ref(property.column.name);
    const { pgType } = property.column;
    const exact = (condition: RawBuilder<unknown>) => ({ sql: condition, pattern: false });
    const like = (condition: RawBuilder<unknown>) => ({ sql: condition, pattern: true });
    if (typeof value === 'object') {
      const parts = [value.from ? sql`${column} >= ${value.from}` : null, value.to ? sql`${column} <= ${value.to}` : null].filter((p) => p !== null);
      return parts.length ? exact(sql.join(parts, sql` AND `)) : null;
    }
    if (pgType === 'uuid') return UUID.test(value) ? exact(sql`${column} = ${value}::uuid`) : like(sql`${column}::text ILIKE ${escapeLike(value.toLowerCase()) + '%'}`);
    if (pgType === 'jsonb' || pgType === 'json') return like(sql`${column}::text ILIKE ${'%' + escapeLike(value) + '%'}`);
    // Served by the pg_trgm GIN indexes where a table has them (inventory_lines: migration 0005).
    if (TEXT_TYPES.has(pgType) && !property.column.allowedValues) return like(sql`${column} ILIKE ${'%' + escapeLike(value) + '%'}`);
    if (pgType === 'date' || pgType === 'timestamptz') return exact(sql`${column} = ${value}`);
    return exact(sql`${column}::text = ${value}`);
  }

  private where(filter: Filter | null, context?: ActionContext): { sql: RawBuilder<unknown>; pattern: boolean } | null {
    const scope = this.scope(context);
    if (!scope) return null;
    const conditions = [...scope];
    let pattern = false;
    for (const element of Object.values(filter?.filters ?? {})) {
      const property = this.props.find((p) => p.path() === element.path);
      if (!property) continue;
      const condition = this.condition(property, element.value);
      if (!condition) continue;
      conditions.push(condition.sql);
      pattern ||= condition.pattern;
    }
    return { sql: conditions.length ? sql.join(conditions, sql` AND `) : sql`TRUE`, pattern };
  }

  private selectList() {
    return sql.join(this.readable.map((c) => sql.ref(c.name)));
  }

  private toRecord(row: Record<string, unknown>): BaseRecord {
    const params: ParamsType = {};
    for (const column of this.readable) {
      const value = row[column.name];
      params[column.name] = (column.pgType === 'jsonb' || column.pgType === 'json') && value !== null && value !== undefined ? JSON.stringify(value, null, 2) : value;
    }
    return new BaseRecord(params, this);
  }

  /** Matching rows, at most PATTERN_COUNT_LIMIT of them when the filter is a pattern; one count per request and filter. */
  private async countMatching(where: { sql: RawBuilder<unknown>; pattern: boolean }, context?: ActionContext): Promise<number> {
    const compiled = where.sql.compile(this.db);
    const key = JSON.stringify([compiled.sql, compiled.parameters]);
    const known = context ? this.counts.get(context)?.get(key) : undefined;
    if (known !== undefined) return known;
    const matching = sql`SELECT 1 FROM ${sql.table(this.table)} WHERE ${where.sql}`;
    const counted = where.pattern ? sql`(${matching} LIMIT ${PATTERN_COUNT_LIMIT}) AS capped` : sql`(${matching}) AS matching`;
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${counted}`.execute(this.db);
    const n = Number(rows[0]?.n ?? 0);
    if (context) this.counts.set(context, (this.counts.get(context) ?? new Map<string, number>()).set(key, n));
    return n;
  }

  /**
   * With a pattern filter the count stops at PATTERN_COUNT_LIMIT: an exact count of a common substring
   * ("Bedeli": 30 % of 1,000,000 lines) reads every matching row however it is indexed (measured 450-500 ms),
   * while the first 10,000 matches come in tens of ms (trigram index or an early-stopping scan).
   */
  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const where = this.where(filter, context);
    return where ? this.countMatching(where, context) : 0;
  }

  /**
   * A pattern filter with fewer than PATTERN_COUNT_LIMIT matches selects them all first (through the trigram
   * index) and sorts them: the planner would otherwise walk the sort order's index, assuming the matches are
   * spread evenly, and read most of the table when they all lie in older rows (measured 330 ms at 1,000,000).
   */
  override async find(filter: Filter, options: FindOptions, context?: ActionContext): Promise<BaseRecord[]> {
    const where = this.where(filter, context);
    if (!where) return [];
    const sortable = this.props.find((p) => p.path() === options.sort?.sortBy && p.isSortable());
    const sortBy = sortable?.column.name ?? this.pk;
    const direction = options.sort?.direction === 'asc' ? sql`ASC` : sql`DESC`;
    // NULLS LAST only where NULLs exist: on a NOT NULL column the plain order can walk an index.
    const nulls = sortable?.column.notNull === false ? sql` NULLS LAST` : sql``;
    const matching = sql`SELECT ${this.selectList()} FROM ${sql.table(this.table)} WHERE ${where.sql}`;
    const few = where.pattern && (await this.countMatching(where, context)) < PATTERN_COUNT_LIMIT;
    const { rows } = await sql<Record<string, unknown>>`
      ${few ? sql`WITH matching AS MATERIALIZED (${matching}) SELECT * FROM matching` : matching}
      ORDER BY ${sql.ref(sortBy)} ${direction}${nulls}, ${sql.ref(this.pk)} ${direction}
      LIMIT ${options.limit ?? 10} OFFSET ${options.offset ?? 0}`.execute(this.db);
    return rows.map((r) => this.toRecord(r));
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    return (await this.findMany([id], context))[0] ?? null;
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const scope = this.scope(context);
    const pkColumn = this.writableOrPk(this.pk);
    const valid = ids.map(String).filter((id) => pkColumn.pgType !== 'uuid' || UUID.test(id));
    if (!scope || valid.length === 0) return [];
    const conditions = [...scope, sql`${sql.ref(this.pk)}::text IN (${sql.join(valid)})`];
    const { rows } = await sql<Record<string, unknown>>`SELECT ${this.selectList()} FROM ${sql.table(this.table)} WHERE ${sql.join(conditions, sql` AND `)}`.execute(this.db);
    return rows.map((r) => this.toRecord(r));
  }

  private writableOrPk(name: string): ColumnInfo {
    return this.writable.get(name) ?? this.readable.find((c) => c.name === name)!;
  }

  /** Only known columns; '' is NULL for non-text types; JSON text becomes jsonb; the organization is the user's. */
  private values(params: Record<string, unknown>, context?: ActionContext): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(params)) {
      const column = this.writable.get(name);
      if (!column || name === SCOPE_COLUMN) continue;
      if (raw === '' && !TEXT_TYPES.has(column.pgType)) values[name] = null;
      else if ((column.pgType === 'jsonb' || column.pgType === 'json') && typeof raw === 'string') {
        try {
          values[name] = JSON.stringify(JSON.parse(raw));
        } catch {
          throw new ValidationError({ [name]: { message: 'is not valid JSON' } });
        }
      } else values[name] = raw;
    }
    if (this.scoped) {
      const organizationId = organizationOf(context);
      if (!organizationId) throw new ValidationError({}, { message: 'no signed-in user' });
      values[SCOPE_COLUMN] = organizationId;
    }
    return values;
  }

  override async create(params: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const values = this.values(params, context);
    const names = Object.keys(values);
    const { rows } = await sql<Record<string, unknown>>`
      INSERT INTO ${sql.table(this.table)} (${sql.join(names.map((n) => sql.ref(n)))}) VALUES (${sql.join(names.map((n) => values[n]))})
      RETURNING ${this.selectList()}`.execute(this.db);
    return this.toRecord(rows[0]!).params;
  }

  override async update(id: string, params: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const scope = this.scope(context);
    if (!scope) throw new ValidationError({}, { message: 'no signed-in user' });
    const values = this.values(params, context);
    const sets = Object.entries(values).map(([name, value]) => sql`${sql.ref(name)} = ${value}`);
    const conditions = [...scope, sql`${sql.ref(this.pk)}::text = ${id}`];
    const { rows } = await sql<Record<string, unknown>>`
      UPDATE ${sql.table(this.table)} SET ${sql.join(sets)} WHERE ${sql.join(conditions, sql` AND `)} RETURNING ${this.selectList()}`.execute(this.db);
    if (!rows[0]) throw new ValidationError({}, { message: `no record ${id}` });
    return this.toRecord(rows[0]).params;
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    const scope = this.scope(context);
    if (!scope) return;
    await sql`DELETE FROM ${sql.table(this.table)} WHERE ${sql.join([...scope, sql`${sql.ref(this.pk)}::text = ${id}`], sql` AND `)}`.execute(this.db);
  }
}

type FilterValue = Filter['filters'][string]['value'];
type FindOptions = Parameters<BaseResource['find']>[1];

/** Tables are registered one by one as resources; a "database" of them is never used. */
export class KyselyDatabase extends BaseDatabase {
  static override isAdapterFor(): boolean {
    return false;
  }
}
