export { getDb, getPool, closeDb, createDb, createPool, type Database, type Executor, type Transaction } from "./client";
export * as schema from "./schema";
