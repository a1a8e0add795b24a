import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { emailOutbox } from "@/server/db/schema";
import { CLAIM_MS, deliverDueEmails, enqueueEmail, sendEmail } from "@/server/mail/outbox";
import { createMailTransport } from "@/server/mail/transport";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp";

let test: TestDatabase;
let smtp: TestSmtpServer;
let slowSmtp: TestSmtpServer;
const FROM = "IXP Test <noreply@ix.example.net>";

beforeAll(async () => {
  test = await createTestDatabase();
  smtp = await startSmtpServer();
  slowSmtp = await startSmtpServer({ replyDelayMs: 700 });
});

afterAll(async () => {
  await slowSmtp?.stop();
  await smtp?.stop();
  await test?.drop();
});

const email = (key: string) => ({ dedupeKey: key, to: `${key.replace(/\W/g, "-")}@example.org`, subject: `About ${key}`, text: "Hello" });
const row = async (key: string) => (await test.db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key)))[0]!;
const received = (server: TestSmtpServer, key: string) => server.messages.filter((m) => m.subject === `About ${key}`);

describe("the email outbox", () => {
  it("gives a message the same Message-ID, derived from its dedupe key and the sender's domain, each time it is sent", async () => {
    const transport = createMailTransport(smtp.url, FROM);
    await enqueueEmail(test.db, email("welcome:1"));
    await enqueueEmail(test.db, email("welcome:2"));
    expect(await deliverDueEmails(test.db, transport)).toMatchObject({ sent: 2 });

    // A worker killed after the SMTP server took the message but before the row was marked sent: the row is
    // still pending, and once its claim has lapsed it goes out a second time, recognisably the same message.
    await test.db.update(emailOutbox).set({ status: "pending" }).where(eq(emailOutbox.dedupeKey, "welcome:1"));
    expect(await deliverDueEmails(test.db, transport, new Date(Date.now() + CLAIM_MS))).toMatchObject({ sent: 1 });

    const first = received(smtp, "welcome:1");
    const second = received(smtp, "welcome:2");
    expect(first).toHaveLength(2);
    expect(first[0]!.messageId).toMatch(/^<[0-9a-f]{32}@ix\.example\.net>$/);
    expect(first[1]!.messageId).toBe(first[0]!.messageId);
    expect(second[0]!.messageId).toMatch(/@ix\.example\.net>$/);
    expect(second[0]!.messageId).not.toBe(first[0]!.messageId);
  });

  it("sends a message once when a direct send and the outbox job deliver it at the same time", async () => {
    const transport = createMailTransport(slowSmtp.url, FROM);
    const message = email("verify:race");
    await enqueueEmail(test.db, message);
    const [job, direct] = await Promise.all([deliverDueEmails(test.db, transport), sendEmail(test.db, transport, message)]);
    expect([job.sent, direct === "sent" ? 1 : 0].reduce((a, b) => a + b)).toBe(1);
    expect(received(slowSmtp, "verify:race")).toHaveLength(1);
    expect(await row("verify:race")).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("sends a message once when two outbox jobs run at the same time", async () => {
    const transport = createMailTransport(slowSmtp.url, FROM);
    await enqueueEmail(test.db, email("verify:jobs"));
    const counts = await Promise.all([deliverDueEmails(test.db, transport), deliverDueEmails(test.db, transport)]);
    expect(counts.map((c) => c.sent).sort()).toEqual([0, 1]);
    expect(received(slowSmtp, "verify:jobs")).toHaveLength(1);
  });

  it("does not count a failure to record 'sent' as a failed send", async () => {
    const transport = createMailTransport(smtp.url, FROM);
    await enqueueEmail(test.db, email("verify:unrecorded"));
    // The database refuses to mark the row sent (as it would when it goes away mid-send).
    await test.pool.query(
      `CREATE TRIGGER outbox_refuses_sent BEFORE UPDATE ON email_outbox FOR EACH ROW
       IF NEW.status = 'sent' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'database went away'; END IF`,
    );
    try {
      const error = (await deliverDueEmails(test.db, transport).catch((e: unknown) => e)) as Error;
      expect(String(error.cause)).toMatch(/database went away/);
    } finally {
      await test.pool.query("DROP TRIGGER outbox_refuses_sent");
    }
    // No error blamed on SMTP. The claim stands until it lapses, so no other sender sends it meanwhile;
    // after that the next run sends it again with the same Message-ID.
    expect(await row("verify:unrecorded")).toMatchObject({ status: "pending", attempts: 1, lastError: null });
    expect(await deliverDueEmails(test.db, transport)).toMatchObject({ sent: 0 });
    expect(await deliverDueEmails(test.db, transport, new Date(Date.now() + CLAIM_MS + 1_000))).toMatchObject({ sent: 1 });
    const copies = received(smtp, "verify:unrecorded");
    expect(copies).toHaveLength(2);
    expect(copies[1]!.messageId).toBe(copies[0]!.messageId);
    expect(await row("verify:unrecorded")).toMatchObject({ status: "sent", attempts: 2, deliveredVia: "smtp" });
  });

  it("never writes a failed send back as pending over a copy another sender marked sent", async () => {
    await enqueueEmail(test.db, email("verify:overlap"));
    // A sender whose claim lapsed while its SMTP server hung; meanwhile another one sent the message and marked it sent.
    const transport = createMailTransport(smtp.url, FROM);
    const hung = {
      kind: "smtp" as const,
      async send() {
        await deliverDueEmails(test.db, transport, new Date(Date.now() + CLAIM_MS + 1_000));
        throw new Error("SMTP timed out");
      },
    };
    expect(await deliverDueEmails(test.db, hung)).toMatchObject({ retry: 1 });
    expect(received(smtp, "verify:overlap")).toHaveLength(1);
    expect(await row("verify:overlap")).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it("records that a message without SMTP was only kept in the mailbox", async () => {
    await sendEmail(test.db, createMailTransport(undefined), email("login:mailbox"));
    expect(await row("login:mailbox")).toMatchObject({ status: "sent", deliveredVia: "mailbox" });
  });
});
