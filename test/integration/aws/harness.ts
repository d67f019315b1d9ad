/**
 * Shared setup for the AWS integration tests: real moto, the Identity Center stand-in proxy in front
 * of it, process env pointing the SDK at the proxy (the SDK reads AWS_ENDPOINT_URL itself), and
 * keyless's own clients. Each test file runs in its own process, so setting process.env is safe.
 */
import { type AwsClients, createAwsClients } from "../../../src/aws/clients.ts";
import { discoverInstance, type InstanceRef } from "../../../src/aws/instance.ts";
import type { Desired, PermissionSetSpec } from "../../../src/engine/model.ts";
import { awsTestEnv, type Moto, startMoto } from "../../helpers/moto.ts";
import { type IdentityCenterProxy, startIdentityCenterProxy } from "../../standins/identity-center-proxy.ts";

export const REGION = "eu-central-1";

export interface Harness {
  moto: Moto;
  proxy: IdentityCenterProxy;
  clients: AwsClients;
  inst: InstanceRef;
  /** Forget everything (moto and stand-in) and rediscover the instance moto recreates. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const moto = await startMoto();
  const proxy = await startIdentityCenterProxy(moto.endpoint);
  Object.assign(process.env, awsTestEnv(proxy.endpoint, REGION));
  const clients = await createAwsClients({ region: REGION, requestsPerSecond: 1000 });
  const h: Harness = {
    moto,
    proxy,
    clients,
    inst: await discoverInstance(clients),
    async reset() {
      await moto.reset();
      proxy.reset();
      h.inst = await discoverInstance(clients);
      proxy.clearCalls();
    },
    async stop() {
      clients.destroy();
      await proxy.stop();
      await moto.stop();
    },
  };
  return h;
}

export function emptyDesired(overrides: Partial<Desired> = {}): Desired {
  return {
    identityCenter: { region: REGION },
    accounts: {},
    organizationalUnits: {},
    users: [],
    groups: [],
    permissionSets: [],
    assignmentRules: [],
    prune: { permissionSets: [], groups: [], assignmentsOfManagedPermissionSets: true, enabled: false },
    ...overrides,
  };
}

export function psSpec(name: string, overrides: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name,
    description: "",
    sessionDuration: "PT1H",
    relayState: "",
    inlinePolicy: "",
    managedPolicies: [],
    customerManagedPolicies: [],
    permissionsBoundary: null,
    tags: {},
    ...overrides,
  };
}

/** Operations that change something; used to assert that reading never writes. */
export const WRITE_OPERATION = /\.(Create|Delete|Update|Put|Attach|Detach|Tag|Untag|Provision|Move)/;
