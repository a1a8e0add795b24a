import { sql } from "drizzle-orm";
import { datetime, mysqlEnum } from "drizzle-orm/mysql-core";
import { LIFECYCLE_STATES } from "@/shared/enums";

/** Every time is stored as UTC DATETIME(3); the pool is opened with timezone "Z". */
export const utcDatetime = (name: string) => datetime(name, { mode: "date", fsp: 3 });

export const createdAt = () => utcDatetime("created_at").notNull().default(sql`CURRENT_TIMESTAMP(3)`);
export const updatedAt = () =>
  utcDatetime("updated_at")
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`)
    .$onUpdate(() => new Date());

export const lifecycleState = (name = "state") =>
  mysqlEnum(name, LIFECYCLE_STATES).notNull().default("requested");
