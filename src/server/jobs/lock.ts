import type mysql from "mysql2/promise";

/**
 * MySQL named locks are per server, not per database: prefix the database name so that two
 * portals (or two test databases) on one server never block each other.
 */
const LOCK_NAME = "CONCAT(DATABASE(), ':', ?)";

export interface HeldLock {
  /** False once the connection (and with it the lock) is gone, e.g. after a database restart. */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/** Takes GET_LOCK on its own connection (the lock lives as long as that connection); null if someone else holds it. */
export async function tryLock(pool: mysql.Pool, name: string, waitSeconds = 0): Promise<HeldLock | null> {
  const connection = await pool.getConnection();
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, ?) AS got`, [name, waitSeconds]);
    if (rows[0]?.got !== 1) {
      connection.release();
      return null;
    }
  } catch (error) {
    connection.release();
    throw error;
  }
  let released = false;
  return {
    async stillHeld() {
      if (released) return false;
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT IS_USED_LOCK(${LOCK_NAME}) = CONNECTION_ID() AS mine`, [name]);
        return rows[0]?.mine === 1;
      } catch {
        return false;
      }
    },
    async release() {
      if (released) return;
      released = true;
      try {
        await connection.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`, [name]);
      } finally {
        connection.release();
      }
    },
  };
}
