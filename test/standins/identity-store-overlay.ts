/**
 * identitystore UpdateUser / UpdateGroup / GetGroupMembershipId, which moto 5.2.1 does not implement
 * (HTTP 500). moto cannot store updated attributes, so the stand-in keeps an overlay of the applied
 * AttributeOperations per user/group and applies it to moto's DescribeUser / ListUsers /
 * DescribeGroup / ListGroups answers. GetGroupMembershipId is answered from moto's
 * ListGroupMemberships.
 *
 * moto stores no ExternalIds (the identifiers SCIM provisioning from an external identity provider
 * sets; there is no API call that sets them), so `setExternalIds` adds them to a user's or group's
 * answers, as a synced user or group looks on AWS.
 */
import { ok, relay, sendError, sendJson } from "./aws-json-wire.ts";
import { type Call, type Handler, parseJson } from "./handler.ts";

const T = "AWSIdentityStore.";

interface AttributeOperation {
  AttributePath: string;
  AttributeValue?: unknown;
}

const USER_PATHS = new Set([
  "userName",
  "displayName",
  "nickName",
  "profileUrl",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "name",
  "name.givenName",
  "name.familyName",
  "name.middleName",
  "name.formatted",
  "name.honorificPrefix",
  "name.honorificSuffix",
  "emails",
  "addresses",
  "phoneNumbers",
]);
const MULTI_VALUED = new Set(["emails", "addresses", "phoneNumbers"]);
const GROUP_PATHS = new Set(["displayName", "description"]);

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Attribute values use the SCIM-style lower-camel keys; the API's JSON shapes use PascalCase. */
function toWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), toWire(v)]));
  }
  return value;
}

function applyOps(target: Record<string, unknown>, ops: AttributeOperation[]): Record<string, unknown> {
  for (const op of ops) {
    const keys = op.AttributePath.split(".").map(pascal);
    let obj = target;
    for (const k of keys.slice(0, -1)) {
      if (!obj[k] || typeof obj[k] !== "object") obj[k] = {};
      obj = obj[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (op.AttributeValue === undefined || op.AttributeValue === null) delete obj[last];
    else obj[last] = toWire(op.AttributeValue);
  }
  return target;
}

export function createIdentityStoreOverlay() {
  const overlay = new Map<string, AttributeOperation[]>();

  function validate(call: Call, allowed: Set<string>): string | null {
    const ops = call.input.Operations;
    if (!Array.isArray(ops) || ops.length === 0 || ops.length > 100) {
      return "Operations must contain between 1 and 100 attribute operations";
    }
    for (const op of ops as AttributeOperation[]) {
      if (typeof op?.AttributePath !== "string" || !allowed.has(op.AttributePath)) {
        return `Invalid AttributePath ${String(op?.AttributePath)}`;
      }
      if (
        MULTI_VALUED.has(op.AttributePath) &&
        op.AttributeValue != null &&
        !Array.isArray(op.AttributeValue)
      ) {
        return `Unsupported update operation on multi-value attribute ${op.AttributePath}, please provide full replacement of Multi-Value attribute types`;
      }
    }
    return null;
  }

  function update(kind: "User" | "Group", allowed: Set<string>): Handler {
    return async (call) => {
      const id = call.input[`${kind}Id`];
      const problem = validate(call, allowed);
      if (problem) return sendError(call.res, { status: 400, type: "ValidationException", message: problem });
      // Existence check against moto (same error shape as a real missing resource).
      const found = await call.moto(`${T}Describe${kind}`, {
        IdentityStoreId: call.input.IdentityStoreId,
        [`${kind}Id`]: id,
      });
      if (!ok(found.status)) return relay(call.res, found.raw);
      overlay.set(id, [...(overlay.get(id) ?? []), ...(call.input.Operations as AttributeOperation[])]);
      sendJson(call.res, 200, {});
    };
  }

  function patchOne(kind: "User" | "Group"): Handler {
    return async (call) => {
      const up = await call.forward();
      if (!ok(up.status)) return relay(call.res, up);
      const json = parseJson(up.body);
      sendJson(call.res, up.status, applyOps(json, overlay.get(json[`${kind}Id`]) ?? []));
    };
  }

  function patchList(kind: "User" | "Group"): Handler {
    return async (call) => {
      const up = await call.forward();
      if (!ok(up.status)) return relay(call.res, up);
      const json = parseJson(up.body);
      const key = `${kind}s`;
      if (Array.isArray(json[key])) {
        json[key] = json[key].map((item: Record<string, unknown>) =>
          applyOps(item, overlay.get(item[`${kind}Id`] as string) ?? []),
        );
      }
      sendJson(call.res, up.status, json);
    };
  }

  function forgetOnDelete(kind: "User" | "Group"): Handler {
    return async (call) => {
      const up = await call.forward();
      if (ok(up.status)) overlay.delete(call.input[`${kind}Id`]);
      relay(call.res, up);
    };
  }

  const getGroupMembershipId: Handler = async (call) => {
    const { IdentityStoreId, GroupId, MemberId } = call.input;
    const userId = MemberId?.UserId;
    if (!IdentityStoreId || !GroupId || !userId) {
      return sendError(call.res, {
        status: 400,
        type: "ValidationException",
        message: "IdentityStoreId, GroupId and MemberId.UserId are required",
      });
    }
    let NextToken: string | undefined;
    do {
      const page = await call.moto(`${T}ListGroupMemberships`, { IdentityStoreId, GroupId, NextToken });
      if (!ok(page.status)) return relay(call.res, page.raw);
      const hit = (page.json.GroupMemberships ?? []).find(
        (m: { MemberId?: { UserId?: string } }) => m.MemberId?.UserId === userId,
      );
      if (hit) return sendJson(call.res, 200, { MembershipId: hit.MembershipId, IdentityStoreId });
      NextToken = page.json.NextToken || undefined;
    } while (NextToken);
    sendError(
      call.res,
      {
        status: 400,
        type: "ResourceNotFoundException",
        message: `Membership of ${userId} in ${GroupId} not found`,
      },
      { ResourceType: "GROUP_MEMBERSHIP", ResourceId: GroupId },
    );
  };

  const handlers: Record<string, Handler> = {
    [`${T}UpdateUser`]: update("User", USER_PATHS),
    [`${T}UpdateGroup`]: update("Group", GROUP_PATHS),
    [`${T}DescribeUser`]: patchOne("User"),
    [`${T}DescribeGroup`]: patchOne("Group"),
    [`${T}ListUsers`]: patchList("User"),
    [`${T}ListGroups`]: patchList("Group"),
    [`${T}DeleteUser`]: forgetOnDelete("User"),
    [`${T}DeleteGroup`]: forgetOnDelete("Group"),
    [`${T}GetGroupMembershipId`]: getGroupMembershipId,
  };
  /** Makes a user or group look provisioned by an identity provider: its answers carry ExternalIds. */
  function setExternalIds(id: string, externalIds: { Issuer: string; Id: string }[]): void {
    overlay.set(id, [
      ...(overlay.get(id) ?? []),
      {
        AttributePath: "externalIds",
        AttributeValue: externalIds.map((e) => ({ issuer: e.Issuer, id: e.Id })),
      },
    ]);
  }

  return { handlers, setExternalIds, reset: () => overlay.clear() };
}
