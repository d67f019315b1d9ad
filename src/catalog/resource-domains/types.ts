/** The shape of the resource-type table and the shorthands its entries use. */

export const TERRAFORM_DOMAINS = [
  "terraform-core",
  "terraform-storage",
  "terraform-compute",
  "terraform-iam",
  "terraform-networking",
  "terraform-database",
  "terraform-serverless",
  "terraform-monitoring",
] as const;

export type TerraformDomain = (typeof TERRAFORM_DOMAINS)[number];

/** Why no preset covers a known type: out of scope for the presets, or denied by all of them. */
export interface Uncovered {
  reason: "no-preset" | "denied";
  note: string;
}

export interface ResourceDomain {
  /** Presets that cover the type, preferred first; empty when none does (see `uncovered`). */
  domains: readonly TerraformDomain[];
  /** IAM service prefixes Terraform calls for this type (`ec2`, `s3`, ...); empty: no AWS call. */
  services: readonly string[];
  uncovered?: Uncovered;
}

export interface ResourceDomainGroup extends ResourceDomain {
  types: readonly string[];
}

export const CORE = ["terraform-core"] as const;
export const STORAGE = ["terraform-storage"] as const;
export const COMPUTE = ["terraform-compute"] as const;
export const IAM = ["terraform-iam"] as const;
export const NETWORKING = ["terraform-networking"] as const;
export const DATABASE = ["terraform-database"] as const;
export const SERVERLESS = ["terraform-serverless"] as const;
export const MONITORING = ["terraform-monitoring"] as const;

export const NO_PRESET = (note: string): Uncovered => ({ reason: "no-preset", note });

/** A type next to a preset's domain that the preset's policy does not grant (yet). */
export const NOT_IN = (preset: TerraformDomain, what: string): Uncovered => ({
  reason: "no-preset",
  note: `${preset} does not grant ${what}`,
});

export const IDENTITY_DENIED: Uncovered = {
  reason: "denied",
  note: "IAM users, groups and their credentials are what keyless replaces with Identity Center; every preset denies them",
};
export const CENTRAL_DENIED: Uncovered = {
  reason: "denied",
  note: "Organizations, Identity Center and the identity store are managed by keyless.yaml; every preset denies changing them",
};
