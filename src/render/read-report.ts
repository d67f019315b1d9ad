/**
 * `plan --debug`: how Identity Center was read, for people checking what a plan costs in AWS calls
 * (AWS throttles on calls). The JSON form is `read` in plan-json.ts.
 */
import type { ReadSummary } from "./plan-json.ts";
import { safe } from "./style.ts";

export function renderReadReport(r: ReadSummary): string {
  const ops = Object.entries(r.callsByOperation)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([op, n]) => `  ${op} ${n}`);
  const listed = (["users", "groups"] as const).map(
    (k) => `${k} ${r.listed[k] ? "listed whole" : "looked up by name"}`,
  );
  return [
    `debug: read strategy ${safe(r.reason)}`,
    `debug: identity store: ${listed.join(", ")}`,
    `debug: AWS calls: ${r.calls} made, ${r.predictedCalls} predicted when the strategy was chosen`,
    ...ops.map((l) => `debug: ${l}`),
    "",
  ].join("\n");
}
