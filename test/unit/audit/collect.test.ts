import assert from "node:assert/strict";
import { test } from "node:test";
import { type AuditPorts, collectAudit, type LookupPortResult } from "../../../src/checks/audit/collect.ts";
import type { RawTrailEvent } from "../../../src/checks/audit/parse-event.ts";
import type { UserLookup } from "../../../src/checks/audit/users.ts";
import type { AuditWindow } from "../../../src/checks/audit/window.ts";
import { KeylessError } from "../../../src/errors/keyless-error.ts";
import { DOC_VARS, renderFixture, type TrailRecord } from "../../fixtures/cloudtrail/render.ts";

const window: AuditWindow = {
  start: new Date("2024-01-01T00:00:00Z"),
  end: new Date("2026-01-01T00:00:00Z"),
  notes: ["a window note"],
};
const all = [...renderFixture("before-2025-01-13"), ...renderFixture("after-2025-01-13")];

function raw(r: TrailRecord): RawTrailEvent {
  return {
    eventId: r.eventID,
    eventName: String(r.eventName),
    eventSource: String(r.eventSource),
    cloudTrailEvent: JSON.stringify(r),
  };
}

/** Ports over recorded events: `lookup` answers each source's events (newest first, as AWS does). */
function fakePorts(
  events: RawTrailEvent[],
  opts: { names?: Record<string, string>; failing?: Record<string, LookupPortResult> } = {},
) {
  const lookedUp: string[] = [];
  const resolved: UserLookup[][] = [];
  const ports: AuditPorts = {
    async lookup(source) {
      lookedUp.push(source);
      const failing = opts.failing?.[source];
      if (failing) return failing;
      return { events: events.filter((e) => e.eventSource === source).reverse(), pages: 1 };
    },
    async resolveUserNames(lookups) {
      resolved.push(lookups);
      return new Map(
        lookups.flatMap((l) => (opts.names?.[l.userId] ? [[l.userId, opts.names[l.userId] as string]] : [])),
      );
    },
    userNameWarnings: () => ["names warning"],
  };
  return { ports, lookedUp, resolved };
}

const names = {
  [DOC_VARS["USER_ID:alice"] as string]: "alice",
  [DOC_VARS["USER_ID:carol"] as string]: "carol",
  [DOC_VARS["USER_ID:dave"] as string]: "dave",
};

test("three lookups, one per source; both formats merged and sorted by time; names resolved once per id", async () => {
  const { ports, lookedUp, resolved } = fakePorts(all.map(raw), { names });
  const out = await collectAudit(ports, { window, filters: {} });
  assert.deepEqual(lookedUp, ["signin.amazonaws.com", "sso-oauth.amazonaws.com", "sso.amazonaws.com"]);
  const times = out.records.map((r) => r.time);
  assert.deepEqual(times, [...times].sort());
  // 27 recorded events: 2 polling CreateTokens and 2 other portal calls are not audit rows.
  assert.equal(out.records.length, 27 - 4);
  assert.deepEqual(out.problems, []);
  assert.ok(out.notes.includes("a window note"));
  assert.ok(out.notes.some((n) => /2 CreateToken call\(s\).*polling/.test(n)));
  assert.ok(out.notes.includes("names warning"));
  // Only ids without a name are looked up, each once, in the store named by the event's ARN.
  assert.equal(resolved.length, 1);
  assert.deepEqual(
    resolved[0]?.map((l) => l.userId).sort(),
    ["alice", "carol", "dave", "departed"].map((u) => DOC_VARS[`USER_ID:${u}`]).sort(),
  );
  assert.ok(resolved[0]?.every((l) => l.identityStoreId === DOC_VARS.IDENTITY_STORE_ID));
  const departed = out.records.find((r) => r.user.id === DOC_VARS["USER_ID:departed"]);
  assert.equal(departed?.user.name, undefined, "an unknown id stays an id");
  assert.ok(
    out.records.filter((r) => r.user.id === DOC_VARS["USER_ID:carol"]).every((r) => r.user.name === "carol"),
  );
  assert.ok(
    out.records.some((r) => r.user.name === "alice" && !r.user.id),
    "old-format rows keep their name",
  );
});

test("sign-in events of one workflow share the user found on any of them", async () => {
  const events = renderFixture("before-2025-01-13").filter((r) => r.eventSource === "signin.amazonaws.com");
  const first = events[0] as TrailRecord;
  const workflow = (first.additionalEventData as { AuthWorkflowID: string }).AuthWorkflowID;
  const stripped = { ...first, userIdentity: { type: "Unknown", principalId: DOC_VARS.MGMT_ACCOUNT } };
  const { ports } = fakePorts([stripped, ...events.slice(1)].map(raw));
  const out = await collectAudit(ports, { window, filters: {} });
  const sameFlow = out.records.filter((r) => r.authWorkflowId === workflow);
  assert.equal(sameFlow.length, 3);
  assert.ok(sameFlow.every((r) => r.user.name === "alice"));
});

test("a malformed event is one problem; every other event is still there", async () => {
  const events = all.map(raw);
  events.push({ eventId: "broken-1", eventSource: "sso.amazonaws.com", cloudTrailEvent: '{"eventVersion":' });
  const { ports } = fakePorts(events, { names });
  const out = await collectAudit(ports, { window, filters: {} });
  assert.equal(out.problems.length, 1);
  assert.match(
    out.problems[0] ?? "",
    /^sso\.amazonaws\.com event broken-1: CloudTrailEvent is not valid JSON/,
  );
  assert.equal(out.records.length, 23);
});

test("a lookup that stopped partway is a problem naming the source; what it read is kept", async () => {
  const ssoEvents = all
    .filter((r) => r.eventName === "GetRoleCredentials")
    .map(raw)
    .slice(0, 2);
  const error = new KeylessError("AWS_ERROR", "LookupEvents failed (InvalidNextTokenException): bad token", {
    hint: "Run it again.",
  });
  const { ports } = fakePorts(all.map(raw), {
    failing: { "sso.amazonaws.com": { events: ssoEvents, pages: 1, error } },
  });
  const out = await collectAudit(ports, { window, filters: {} });
  assert.equal(out.problems.length, 1);
  assert.match(
    out.problems[0] ?? "",
    /sso\.amazonaws\.com: the lookup stopped after 1 page\(s\).*bad token.*2 event\(s\).*Run it again/,
  );
  assert.equal(out.records.filter((r) => r.kind === "role-credentials").length, 2);
  assert.ok(out.records.some((r) => r.kind === "sign-in"));
});

test("filters apply after names are resolved", async () => {
  const { ports } = fakePorts(all.map(raw), { names });
  const carol = await collectAudit(ports, { window, filters: { user: "Carol" } });
  assert.ok(carol.records.length >= 7);
  assert.ok(carol.records.every((r) => r.user.name === "carol"));
  const prod = await collectAudit(ports, { window, filters: { accountId: DOC_VARS["ACCOUNT:prod"] } });
  assert.deepEqual(
    prod.records.map((r) => r.role),
    ["terraform-iam", "terraform-core", "terraform-iam", "terraform-core"],
  );
});

test("without an ARN, ids are resolved in the keyless.yaml identity store; without either, not at all", async () => {
  const r = structuredClone(
    all.find(
      (x) =>
        x.eventName === "GetRoleCredentials" &&
        !x.errorCode &&
        (x.userIdentity as { onBehalfOf?: unknown }).onBehalfOf,
    ) as TrailRecord,
  );
  delete ((r.userIdentity as Record<string, unknown>).onBehalfOf as Record<string, unknown>).identityStoreArn;
  const a = fakePorts([raw(r)]);
  await collectAudit(a.ports, { window, filters: {}, identityStoreId: "d-9a670c546e" });
  assert.equal(a.resolved[0]?.[0]?.identityStoreId, "d-9a670c546e");
  const b = fakePorts([raw(r)]);
  await collectAudit(b.ports, { window, filters: {} });
  assert.equal(b.resolved.length, 0);
});

test("a lookup that fails on its first page: a problem for that source, the others still read", async () => {
  const { ports, lookedUp } = fakePorts(all.map(raw));
  const lookup = ports.lookup;
  ports.lookup = async (source, w) => {
    if (source === "sso-oauth.amazonaws.com") {
      throw new KeylessError("AWS_ERROR", "LookupEvents failed (ThrottlingException): Rate exceeded", {
        hint: "Wait a minute.",
      });
    }
    return lookup(source, w);
  };
  const out = await collectAudit(ports, { window, filters: {} });
  assert.equal(lookedUp.length, 2);
  assert.deepEqual(out.problems, [
    "sso-oauth.amazonaws.com: the lookup failed (LookupEvents failed (ThrottlingException): Rate exceeded); no token events are shown. Wait a minute.",
  ]);
  assert.equal(out.records.filter((r) => r.kind === "token").length, 0);
  assert.ok(out.records.some((r) => r.kind === "role-credentials"));
});

test("no credentials or access denied end the audit: every source would fail alike", async () => {
  for (const code of ["NO_CREDENTIALS", "AWS_ACCESS_DENIED"] as const) {
    const { ports, lookedUp } = fakePorts(all.map(raw));
    ports.lookup = async (source) => {
      lookedUp.push(source);
      throw new KeylessError(code, "no");
    };
    await assert.rejects(
      collectAudit(ports, { window, filters: {} }),
      (e: unknown) => e instanceof KeylessError && e.code === code,
    );
    assert.equal(lookedUp.length, 1);
  }
});
