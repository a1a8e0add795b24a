import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { z } from "zod";

/**
 * The IX's own OpenVPN CA, kept as files under SECRETS_DIR/openvpn (directories 0700, keys 0600),
 * never in the database. openssl runs through execFile with argument arrays: no shell, and every
 * value that reaches a command line is validated first.
 */

const run = promisify(execFile);

export const certificateName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 letters, digits, '.', '_', '-'");

export interface IssuedCertificate {
  commonName: string;
  certificatePem: string;
  keyPem: string;
}

export interface CaFiles {
  certificatePem: string;
}

const CA_DAYS = "3650";
const LEAF_DAYS = "1825";

function caDir(secretsDir: string) {
  return path.join(secretsDir, "openvpn");
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args, { timeout: 30_000 });
  } catch (error) {
    // openssl's stderr never contains key material; keep only its first line.
    const stderr = String((error as { stderr?: string }).stderr ?? "").split("\n")[0];
    throw new Error(`openssl ${args[0]} failed: ${stderr || (error as Error).message}`);
  }
}

/** Creates the CA once; concurrent callers race on an atomic rename and all end up with the same CA. */
export async function ensureCa(secretsDir: string, name = "IXP Portal OpenVPN CA"): Promise<CaFiles> {
  const dir = caDir(secretsDir);
  const certFile = path.join(dir, "ca.crt");
  if (!(await exists(certFile))) {
    await mkdir(secretsDir, { recursive: true, mode: 0o700 });
    const staging = path.join(secretsDir, `.openvpn-${randomBytes(6).toString("hex")}`);
    await mkdir(staging, { mode: 0o700 });
    try {
      const subject = `/CN=${name.replace(/[^A-Za-z0-9 ._-]/g, "")}`;
      await openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", CA_DAYS, "-subj", subject, "-keyout", path.join(staging, "ca.key"), "-out", path.join(staging, "ca.crt"), "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
      await chmod(path.join(staging, "ca.key"), 0o600);
      await mkdir(path.join(staging, "issued"), { mode: 0o700 });
      await rename(staging, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  await chmod(dir, 0o700);
  return { certificatePem: await readFile(certFile, "utf8") };
}

/**
 * Returns the certificate for this name, issuing it on first use. Member (client) and tunnel
 * server (server) certificates differ only in their extended key usage.
 */
export async function issueCertificate(secretsDir: string, commonNameText: string, usage: "client" | "server"): Promise<IssuedCertificate> {
  const commonName = certificateName.parse(commonNameText);
  await ensureCa(secretsDir);
  const dir = caDir(secretsDir);
  const base = path.join(dir, "issued", commonName);
  if (!(await exists(`${base}.crt`))) {
    const temp = `${base}.${randomBytes(4).toString("hex")}`;
    try {
      await openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", `/CN=${commonName}`, "-keyout", `${temp}.key`, "-out", `${temp}.csr`]);
      await chmod(`${temp}.key`, 0o600);
      const extensions = usage === "server" ? "extendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyAgreement\n" : "extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyAgreement\n";
      await writeFile(`${temp}.ext`, `basicConstraints=CA:FALSE\n${extensions}`, { mode: 0o600 });
      await openssl(["x509", "-req", "-in", `${temp}.csr`, "-CA", path.join(dir, "ca.crt"), "-CAkey", path.join(dir, "ca.key"), "-set_serial", `0x${randomBytes(16).toString("hex")}`, "-days", LEAF_DAYS, "-extfile", `${temp}.ext`, "-out", `${temp}.crt`]);
      await rename(`${temp}.key`, `${base}.key`);
      await rename(`${temp}.crt`, `${base}.crt`);
    } finally {
      await rm(`${temp}.csr`, { force: true });
      await rm(`${temp}.ext`, { force: true });
      await rm(`${temp}.key`, { force: true });
      await rm(`${temp}.crt`, { force: true });
    }
  }
  return { commonName, certificatePem: await readFile(`${base}.crt`, "utf8"), keyPem: await readFile(`${base}.key`, "utf8") };
}

/** Certificate names the portal uses: one per member connection, one per POP tunnel server. */
export const certificateNames = {
  member: (connectionId: number) => `conn-${connectionId}`,
  server: (locationCode: string) => `pop-${locationCode.toLowerCase().replace(/[^a-z0-9]/g, "")}`,
};
