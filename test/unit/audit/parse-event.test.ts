import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type ParseResult, parseTrailEvent } from "../../../src/checks/audit/parse-event.ts";
import type { AuditRecord } from "../../../src/checks/audit/record.ts";
import { DOC_VARS, renderFixture, type TrailRecord } from "../../fixtures/cloudtrail/render.ts";

const legacy = renderFixture("before-2025-01-13");
const current = renderFixture("after-2025-01-13");

function parse(r: TrailRecord): ParseResult {
  return parseTrailEvent({
    eventId: r.eventID,
    eventName: String(r.eventName),
    eventSource: String(r.eventSource),
    cloudTrailEvent: JSON.stringify(r),
  });
}

function recordOf(r: TrailRecord): AuditRecord {
  const p = parse(r);
  assert.equal(p.status, "record", JSON.stringify(p));
  return (p as { record: AuditRecord }).record;
}

function find(records: TrailRecord[], pred: (r: TrailRecord) => boolean): TrailRecord {
  const r = records.find(pred);
  assert.ok(r, "fixture event not found");
  return r;
}

const named =
  (name: string, extra: (r: TrailRecord) => boolean = () => true) =>
  (r: TrailRecord) =>
    r.eventName === name && extra(r);
const detail = (r: TrailRecord, key: string) =>
  (r.serviceEventDetails as Record<string, string> | undefined)?.[key];
const credType = (r: TrailRecord) => (r.additionalEventData as Record<string, string>).CredentialType;
const userIdOf = (r: TrailRecord) =>
  ((r.userIdentity as Record<string, unknown>).onBehalfOf as Record<string, string> | undefined)?.userId;

describe("format before 2025-01-13 (type Unknown, userName / principalId)", () => {
  test("a successful sign-in: challenge, verification, authentication, with the user name and no id", () => {
    for (const name of ["CredentialChallenge", "CredentialVerification", "UserAuthentication"]) {
      const raw = find(
        legacy,
        named(name, (r) => (r.userIdentity as { userName?: string }).userName === "alice"),
      );
      const rec = recordOf(raw);
      assert.equal(rec.kind, "sign-in");
      assert.equal(rec.event, name);
      assert.deepEqual(rec.user, { name: "alice" }, "principalId is the account id, not a user id");
      assert.equal(rec.outcome, "success");
      assert.equal(rec.credentialType, "PASSWORD");
      assert.equal(
        rec.authWorkflowId,
        (raw.additionalEventData as { AuthWorkflowID: string }).AuthWorkflowID,
      );
      assert.equal(rec.sourceIp, "198.51.100.23");
      assert.match(rec.userAgent, /^Mozilla\/5\.0/);
      assert.equal(rec.time, raw.eventTime);
      assert.equal(rec.eventId, raw.eventID);
      assert.equal(rec.accountId, undefined);
    }
  });

  test("a failed credential verification is a failure with AWS's message", () => {
    const raw = find(
      legacy,
      named("CredentialVerification", (r) => detail(r, "CredentialVerification") === "Failure"),
    );
    const rec = recordOf(raw);
    assert.equal(rec.outcome, "failure");
    assert.equal(rec.user.name, "bob");
    assert.equal(rec.errorMessage, "Failed authentication");
    assert.equal(rec.errorCode, undefined);
  });

  test("CreateToken with the user name; device-flow polling (AuthorizationPending) is skipped, not a failure", () => {
    const ok = recordOf(
      find(
        legacy,
        named("CreateToken", (r) => !r.errorCode),
      ),
    );
    assert.equal(ok.kind, "token");
    assert.equal(ok.user.name, "alice");
    assert.equal(ok.outcome, "success");
    const pending = legacy.filter(
      named("CreateToken", (r) => r.errorCode === "AuthorizationPendingException"),
    );
    assert.equal(pending.length, 2);
    for (const p of pending) assert.deepEqual(parse(p), { status: "skipped", reason: "polling" });
  });

  test("GetRoleCredentials: account and role (permission set) from serviceEventDetails", () => {
    const rec = recordOf(
      find(
        legacy,
        named("GetRoleCredentials", (r) => !r.errorCode),
      ),
    );
    assert.equal(rec.kind, "role-credentials");
    assert.equal(rec.accountId, DOC_VARS["ACCOUNT:dev"]);
    assert.equal(rec.role, "terraform-core");
    assert.equal(rec.user.name, "alice");
    assert.equal(rec.outcome, "success");
  });

  test("a refused GetRoleCredentials keeps account and role from requestParameters", () => {
    const rec = recordOf(
      find(
        legacy,
        named("GetRoleCredentials", (r) => Boolean(r.errorCode)),
      ),
    );
    assert.equal(rec.outcome, "failure");
    assert.equal(rec.errorCode, "ForbiddenException");
    assert.equal(rec.errorMessage, "No access");
    assert.equal(rec.accountId, DOC_VARS["ACCOUNT:prod"]);
    assert.equal(rec.role, "terraform-iam");
  });

  test("other events of the same sources (portal ListAccounts) are skipped", () => {
    assert.deepEqual(parse(find(legacy, named("ListAccounts"))), {
      status: "skipped",
      reason: "other-event",
    });
  });
});

describe("format after 2025-01-13 (type IdentityCenterUser, onBehalfOf)", () => {
  const arn = `arn:aws:identitystore::${DOC_VARS.MGMT_ACCOUNT}:identitystore/${DOC_VARS.IDENTITY_STORE_ID}`;

  test("sign-in with password then TOTP: user id and identity store, no name", () => {
    const totp = find(
      current,
      named("CredentialVerification", (r) => credType(r) === "TOTP"),
    );
    const rec = recordOf(totp);
    assert.deepEqual(rec.user, { id: DOC_VARS["USER_ID:carol"], identityStoreArn: arn });
    assert.equal(rec.credentialType, "TOTP");
    assert.equal(rec.outcome, "success");
    const auth = recordOf(find(current, named("UserAuthentication")));
    assert.equal(auth.user.id, DOC_VARS["USER_ID:carol"]);
    assert.equal(auth.authWorkflowId, rec.authWorkflowId);
  });

  test("CreateToken (device code and refresh token grants)", () => {
    const tokens = current.filter(named("CreateToken")).map(recordOf);
    assert.equal(tokens.length, 2);
    assert.deepEqual(
      tokens.map((t) => t.user.id).sort(),
      [DOC_VARS["USER_ID:alice"], DOC_VARS["USER_ID:carol"]].sort(),
    );
    for (const t of tokens) assert.equal(t.kind, "token");
  });

  test("GetRoleCredentials with serviceEventDetails.account_id / role_name", () => {
    const raws = current.filter(named("GetRoleCredentials", (r) => !r.errorCode));
    assert.equal(raws.length, 5);
    for (const raw of raws) {
      const rec = recordOf(raw);
      assert.equal(rec.accountId, detail(raw, "account_id"));
      assert.equal(rec.role, detail(raw, "role_name"));
      assert.equal(rec.user.id, userIdOf(raw));
      assert.equal(rec.user.name, undefined);
    }
  });

  test("transition events (type Unknown with userName AND onBehalfOf) keep both", () => {
    const rec = recordOf(
      find(
        current,
        named("CredentialChallenge", (r) => userIdOf(r) === DOC_VARS["USER_ID:dave"]),
      ),
    );
    assert.deepEqual(rec.user, { id: DOC_VARS["USER_ID:dave"], name: "dave", identityStoreArn: arn });
  });
});

describe("malformed events: one problem each", () => {
  const base = (): TrailRecord =>
    structuredClone(
      find(
        current,
        named("GetRoleCredentials", (r) => !r.errorCode),
      ),
    );
  const problemOf = (p: ParseResult) => {
    assert.equal(p.status, "problem", JSON.stringify(p));
    return (p as { problem: { message: string; eventId?: string; eventSource: string } }).problem;
  };

  test("text that is not JSON", () => {
    const p = problemOf(
      parseTrailEvent({
        eventId: "e-1",
        eventSource: "sso.amazonaws.com",
        cloudTrailEvent: '{"eventVersion":"1.10","us',
      }),
    );
    assert.match(p.message, /not valid JSON/);
    assert.equal(p.eventId, "e-1");
    assert.equal(p.eventSource, "sso.amazonaws.com");
  });

  test("no CloudTrailEvent, or JSON that is not an object", () => {
    assert.match(problemOf(parseTrailEvent({ eventId: "e-2" })).message, /no CloudTrailEvent/);
    assert.match(
      problemOf(parseTrailEvent({ eventId: "e-3", cloudTrailEvent: "[1,2]" })).message,
      /not a JSON object/,
    );
  });

  test("missing eventTime / eventID are named", () => {
    const r = base();
    delete (r as Record<string, unknown>).eventTime;
    delete (r as Record<string, unknown>).eventID;
    const p = problemOf(parseTrailEvent({ eventId: "from-summary", cloudTrailEvent: JSON.stringify(r) }));
    assert.match(p.message, /lacks eventTime, eventID/);
    assert.equal(p.eventId, "from-summary");
  });

  test("an eventTime that is not a time, and a missing userIdentity", () => {
    const r1 = base();
    r1.eventTime = "yesterday";
    assert.match(problemOf(parse(r1)).message, /"yesterday" is not a time/);
    const r2 = base();
    delete (r2 as Record<string, unknown>).userIdentity;
    assert.match(problemOf(parse(r2)).message, /lacks userIdentity/);
  });

  test("a successful GetRoleCredentials without account or role", () => {
    const r = base();
    delete (r as Record<string, unknown>).serviceEventDetails;
    delete (r as Record<string, unknown>).requestParameters;
    assert.match(problemOf(parse(r)).message, /account_id \/ role_name/);
  });
});

test("event times are normalised to UTC seconds", () => {
  const r = structuredClone(
    find(
      current,
      named("GetRoleCredentials", (x) => !x.errorCode),
    ),
  );
  r.eventTime = "2025-08-08T17:31:05.123+02:00";
  assert.equal(recordOf(r).time, "2025-08-08T15:31:05.123Z");
  r.eventTime = "2025-08-08T17:31:05+02:00";
  assert.equal(recordOf(r).time, "2025-08-08T15:31:05Z");
});
