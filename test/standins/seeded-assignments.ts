/**
 * Account assignments seeded in bulk, for benchmarks at organisation scale: moto creates about 120
 * assignments a second over HTTP, so 12,000 would take minutes; seeded ones are in memory at once.
 * They answer the two list calls a plan reads them with, ListAccountAssignments and
 * ListAccountAssignmentsForPrincipal, together with moto's own (moto's first), paged here with
 * `MaxResults` (1–100, default 100) and an opaque `NextToken`. With nothing seeded both calls go to
 * moto untouched. Seeded assignments are read-only: a delete goes to moto, which does not know them.
 */
import { ok, relay, sendError, sendJson } from "./aws-json-wire.ts";
import type { Call, Handler } from "./handler.ts";

const T = "SWBExternalService.";

export interface SeededAssignment {
  permissionSetArn: string;
  accountId: string;
  principalType: "USER" | "GROUP";
  principalId: string;
}

interface WireAssignment {
  AccountId: string;
  PermissionSetArn: string;
  PrincipalType: string;
  PrincipalId: string;
}

const wire = (a: SeededAssignment): WireAssignment => ({
  AccountId: a.accountId,
  PermissionSetArn: a.permissionSetArn,
  PrincipalType: a.principalType,
  PrincipalId: a.principalId,
});

export function createSeededAssignments() {
  const byPair = new Map<string, WireAssignment[]>();
  const byPrincipal = new Map<string, WireAssignment[]>();
  let count = 0;

  const push = (m: Map<string, WireAssignment[]>, key: string, a: WireAssignment) => {
    const list = m.get(key);
    if (list) list.push(a);
    else m.set(key, [a]);
  };

  /** Every page of moto's answer to `op`, then the seeded ones, paged as AWS pages. */
  async function answer(call: Call, op: string, seeded: WireAssignment[]) {
    const { MaxResults, NextToken, ...query } = call.input;
    if (MaxResults !== undefined && (!Number.isInteger(MaxResults) || MaxResults < 1 || MaxResults > 100)) {
      return sendError(call.res, {
        status: 400,
        type: "ValidationException",
        message: "MaxResults must be 1-100",
      });
    }
    const fromMoto: WireAssignment[] = [];
    let token: string | undefined;
    do {
      const up = await call.moto(`${T}${op}`, { ...query, ...(token ? { NextToken: token } : {}) });
      if (!ok(up.status)) return relay(call.res, up.raw);
      fromMoto.push(...(up.json.AccountAssignments ?? []));
      token = up.json.NextToken || undefined;
    } while (token);
    const all = [...fromMoto, ...seeded];
    const start = NextToken ? Number(Buffer.from(String(NextToken), "base64").toString("utf8")) : 0;
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      return sendError(call.res, { status: 400, type: "ValidationException", message: "Invalid NextToken" });
    }
    const size = MaxResults ?? 100;
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString("base64") : undefined;
    sendJson(call.res, 200, {
      AccountAssignments: all.slice(start, start + size),
      ...(next ? { NextToken: next } : {}),
    });
  }

  const listForPair: Handler = async (call) => {
    if (count === 0) return relay(call.res, await call.forward());
    const seeded = byPair.get(`${call.input.PermissionSetArn}|${call.input.AccountId}`) ?? [];
    await answer(call, "ListAccountAssignments", seeded);
  };

  const listForPrincipal: Handler = async (call) => {
    if (count === 0) return relay(call.res, await call.forward());
    const filter = call.input.Filter?.AccountId;
    const seeded = (byPrincipal.get(`${call.input.PrincipalType}|${call.input.PrincipalId}`) ?? []).filter(
      (a) => filter === undefined || a.AccountId === filter,
    );
    await answer(call, "ListAccountAssignmentsForPrincipal", seeded);
  };

  return {
    handlers: {
      [`${T}ListAccountAssignments`]: listForPair,
      [`${T}ListAccountAssignmentsForPrincipal`]: listForPrincipal,
    } as Record<string, Handler>,
    seed(items: readonly SeededAssignment[]) {
      for (const a of items) {
        const w = wire(a);
        push(byPair, `${a.permissionSetArn}|${a.accountId}`, w);
        push(byPrincipal, `${a.principalType}|${a.principalId}`, w);
        count += 1;
      }
    },
    reset() {
      byPair.clear();
      byPrincipal.clear();
      count = 0;
    },
  };
}
