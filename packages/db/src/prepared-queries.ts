import type postgres from 'postgres';

/**
 * Statements with at most this many parameters are kept prepared on each connection. The bound keeps
 * the number of statements a connection holds finite: a list sent as one parameter each
 * (`inArray`, multi-row inserts) makes a new statement text for every length.
 */
export const MAX_PREPARED_PARAMETERS = 16;

type Client = postgres.Sql | postgres.TransactionSql;

/**
 * Makes drizzle's queries prepared statements on the postgres.js client (and in its transactions).
 * drizzle runs every query through `unsafe` as an unprepared statement (drizzle-orm#6096), and
 * postgres.js sends an unprepared statement with parameters in two round trips: it asks for the
 * parameter types, waits, then executes. A prepared one is described once per connection and then
 * runs in one round trip, which halves the round trips (and socket writes) of every request.
 */
export function prepareQueries<T extends Client>(sql: T): T {
  const unsafe = sql.unsafe;
  sql.unsafe = ((query: string, parameters?: unknown, options?: postgres.UnsafeQueryOptions) => {
    if (!Array.isArray(parameters)) return unsafe(query, [], parameters ?? options);
    const prepare = parameters.length > 0 && parameters.length <= MAX_PREPARED_PARAMETERS;
    return unsafe(query, parameters, prepare ? { ...options, prepare } : options);
  }) as T['unsafe'];
  scoped(sql, 'begin');
  if ('savepoint' in sql) scoped(sql, 'savepoint');
  return sql;
}

/** A transaction or savepoint scope hands its callback a client of its own: prepare that one too. */
function scoped(sql: Client, method: 'begin' | 'savepoint') {
  const open = (sql as unknown as Record<string, (...args: unknown[]) => unknown>)[method]!;
  Object.assign(sql, {
    [method]: (...args: unknown[]) => {
      const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
      return open(...args, (tx: postgres.TransactionSql) => fn(prepareQueries(tx)));
    },
  });
}
