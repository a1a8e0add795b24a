import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": src } },
  test: {
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Expected failures (a broken export row, a dead database) log warnings; keep the run's output readable.
    env: {
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      // A worker started by a test never writes route-server configs into the machine's /etc/bird.
      RS_CONFIG_DIR: path.join(os.tmpdir(), "ixpt-rs-config"),
    },
    // Database, network and browser tests share one machine; keep their parallelism modest.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      { extends: true, test: { name: "integration", include: ["tests/integration/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: "network", include: ["tests/network/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false } },
      // A three-node Galera cluster (scripts/galera.sh) started by the tier itself: runs after the others, alone.
      { extends: true, test: { name: "cluster", include: ["tests/cluster/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 180_000, fileParallelism: false } },
      { extends: true, test: { name: "browser", include: ["tests/browser/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
