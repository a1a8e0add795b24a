/** One id per test run, shared with workers through the environment, so leftovers can be found and removed. */
export function testRunId(): string {
  const id = process.env.IXP_TEST_RUN_ID;
  if (!id) throw new Error("IXP_TEST_RUN_ID is not set: run tests through vitest (tests/helpers/global-setup.ts)");
  return id;
}

export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "mysql://root@127.0.0.1:3306/";
