/**
 * The account ids `keyless init --offline` writes when it cannot discover the organization's accounts.
 * They are stand-ins for the user to replace, so `validate` warns where they are still used.
 */
export const PLACEHOLDER_ACCOUNTS: { name: string; id: string }[] = [
  { name: "dev", id: "111111111111" },
  { name: "staging", id: "222222222222" },
  { name: "prod", id: "333333333333" },
];

const PLACEHOLDER_IDS = new Set(PLACEHOLDER_ACCOUNTS.map((a) => a.id));

export function isPlaceholderAccountId(id: unknown): boolean {
  return typeof id === "string" && PLACEHOLDER_IDS.has(id);
}
