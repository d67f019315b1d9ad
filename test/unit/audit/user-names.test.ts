import assert from "node:assert/strict";
import { test } from "node:test";
import type { AwsClients } from "../../../src/aws/clients.ts";
import { createUserNameResolver } from "../../../src/aws/identity-store-users.ts";

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

/** A fake identitystore: DescribeUser answers from `users`, or throws `failWith`. */
function fakeStore(users: Record<string, string>, failWith?: Error) {
  const calls: string[] = [];
  const identityStore = {
    async describeUser(input: { IdentityStoreId: string; UserId: string }) {
      calls.push(`${input.IdentityStoreId}/${input.UserId}`);
      if (failWith) throw failWith;
      const name = users[input.UserId];
      if (!name) throw awsError("ResourceNotFoundException", "USER not found.");
      return { UserName: name, UserId: input.UserId, IdentityStoreId: input.IdentityStoreId };
    },
  };
  return { clients: { identityStore } as unknown as Pick<AwsClients, "identityStore">, calls };
}

test("ids resolve to user names, once per id per run; unknown ids resolve to nothing, quietly", async () => {
  const { clients, calls } = fakeStore({ u1: "alice", u2: "carol" });
  const resolver = createUserNameResolver(clients);
  const refs = ["u1", "u2", "gone"].map((userId) => ({ userId, identityStoreId: "d-1234567890" }));
  const first = await resolver.resolve(refs);
  assert.deepEqual(
    [...first.entries()],
    [
      ["u1", "alice"],
      ["u2", "carol"],
    ],
  );
  const again = await resolver.resolve(refs.slice(0, 1));
  assert.equal(again.get("u1"), "alice");
  assert.deepEqual(calls, ["d-1234567890/u1", "d-1234567890/u2", "d-1234567890/gone"]);
  assert.deepEqual(resolver.warnings(), []);
});

test("access denied: one warning naming the action, and no more calls (ids are shown instead)", async () => {
  const { clients, calls } = fakeStore(
    {},
    awsError("AccessDeniedException", "not authorized to perform identitystore:DescribeUser"),
  );
  const resolver = createUserNameResolver(clients);
  const out = await resolver.resolve(["a", "b", "c"].map((userId) => ({ userId, identityStoreId: "d-1" })));
  assert.equal(out.size, 0);
  assert.equal(calls.length, 1);
  const warnings = resolver.warnings();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? "", /Access denied to DescribeUser.*user ids are shown instead/);
});
