/**
 * Which preset permission set covers each Terraform AWS resource type: the table behind
 * `keyless suggest`. A type may list several presets; any one of them covers it and the first is
 * preferred when nothing else decides (Lambda: serverless before compute). A type with no preset is
 * listed anyway, with the reason, so suggest can tell "known but deliberately uncovered" from
 * "unknown". `services` names the IAM service prefixes Terraform calls for the type, so the presets'
 * policies can be checked against this table. Data sources use the same type names and need only
 * the read half of the domain. Decisions are explained in docs/suggest.md.
 */
import { COVERED_GROUPS } from "./resource-domains/covered.ts";
import type { ResourceDomain, ResourceDomainGroup } from "./resource-domains/types.ts";
import { TERRAFORM_DOMAINS, type TerraformDomain } from "./resource-domains/types.ts";
import { UNCOVERED_GROUPS } from "./resource-domains/uncovered.ts";

export type {
  ResourceDomain,
  ResourceDomainGroup,
  TerraformDomain,
  Uncovered,
} from "./resource-domains/types.ts";
export { TERRAFORM_DOMAINS } from "./resource-domains/types.ts";

/** The table, grouped by AWS service. Every type appears once (a test checks it). */
export const RESOURCE_DOMAIN_GROUPS: readonly ResourceDomainGroup[] = [
  ...COVERED_GROUPS,
  ...UNCOVERED_GROUPS,
];

function buildTable(): ReadonlyMap<string, ResourceDomain> {
  const table = new Map<string, ResourceDomain>();
  for (const { types, ...entry } of RESOURCE_DOMAIN_GROUPS) for (const type of types) table.set(type, entry);
  return table;
}

/** Every known type → its entry. */
export const RESOURCE_DOMAINS: ReadonlyMap<string, ResourceDomain> = buildTable();

/** The entry for a resource or data source type, or undefined when the table does not know it. */
export function resourceDomain(type: string): ResourceDomain | undefined {
  return RESOURCE_DOMAINS.get(type);
}

export function isTerraformDomain(name: string): name is TerraformDomain {
  return (TERRAFORM_DOMAINS as readonly string[]).includes(name);
}
