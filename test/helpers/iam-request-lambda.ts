/**
 * Lambda (REST-JSON) calls: method and path template → operation (the IAM action has the same
 * name), and the function the path names. A function is named by name, full ARN or partial ARN,
 * percent-encoded in the path; `?Qualifier=` (a version or alias) is part of the resource ARN.
 */
import type { RecordedCall } from "./terraform-calls-format.ts";

interface Route {
  method: string;
  path: RegExp;
  operation: string;
}

const FN = "([^/]+)";
const routes: Route[] = [];
function route(method: string, path: string, operation: string): void {
  routes.push({
    method,
    path: new RegExp(`^${path.replace("{fn}", FN).replace("{id}", "([^/]+)")}$`),
    operation,
  });
}

route("POST", "/2015-03-31/functions", "CreateFunction");
route("GET", "/2015-03-31/functions", "ListFunctions");
route("GET", "/2015-03-31/functions/{fn}", "GetFunction");
route("DELETE", "/2015-03-31/functions/{fn}", "DeleteFunction");
route("GET", "/2015-03-31/functions/{fn}/configuration", "GetFunctionConfiguration");
route("PUT", "/2015-03-31/functions/{fn}/configuration", "UpdateFunctionConfiguration");
route("PUT", "/2015-03-31/functions/{fn}/code", "UpdateFunctionCode");
route("GET", "/2015-03-31/functions/{fn}/versions", "ListVersionsByFunction");
route("POST", "/2015-03-31/functions/{fn}/versions", "PublishVersion");
route("GET", "/2015-03-31/functions/{fn}/policy", "GetPolicy");
route("POST", "/2015-03-31/functions/{fn}/policy", "AddPermission");
route("DELETE", "/2015-03-31/functions/{fn}/policy/{id}", "RemovePermission");
route("GET", "/2015-03-31/functions/{fn}/aliases", "ListAliases");
route("POST", "/2015-03-31/functions/{fn}/aliases", "CreateAlias");
route("GET", "/2015-03-31/functions/{fn}/aliases/{id}", "GetAlias");
route("PUT", "/2015-03-31/functions/{fn}/aliases/{id}", "UpdateAlias");
route("DELETE", "/2015-03-31/functions/{fn}/aliases/{id}", "DeleteAlias");
route("GET", "/2020-06-30/functions/{fn}/code-signing-config", "GetFunctionCodeSigningConfig");
route("PUT", "/2020-06-30/functions/{fn}/code-signing-config", "PutFunctionCodeSigningConfig");
route("DELETE", "/2020-06-30/functions/{fn}/code-signing-config", "DeleteFunctionCodeSigningConfig");
route("GET", "/2019-09-25/functions/{fn}/event-invoke-config", "GetFunctionEventInvokeConfig");
route("PUT", "/2019-09-25/functions/{fn}/event-invoke-config", "PutFunctionEventInvokeConfig");
route("POST", "/2019-09-25/functions/{fn}/event-invoke-config", "UpdateFunctionEventInvokeConfig");
route("DELETE", "/2019-09-25/functions/{fn}/event-invoke-config", "DeleteFunctionEventInvokeConfig");
route("GET", "/2021-10-31/functions/{fn}/url", "GetFunctionUrlConfig");
route("POST", "/2021-10-31/functions/{fn}/url", "CreateFunctionUrlConfig");
route("PUT", "/2021-10-31/functions/{fn}/url", "UpdateFunctionUrlConfig");
route("DELETE", "/2021-10-31/functions/{fn}/url", "DeleteFunctionUrlConfig");
route("GET", "/2019-09-30/functions/{fn}/concurrency", "GetFunctionConcurrency");
route("PUT", "/2017-10-31/functions/{fn}/concurrency", "PutFunctionConcurrency");
route("DELETE", "/2017-10-31/functions/{fn}/concurrency", "DeleteFunctionConcurrency");
route("GET", "/2019-09-30/functions/{fn}/provisioned-concurrency", "GetProvisionedConcurrencyConfig");
route("PUT", "/2019-09-30/functions/{fn}/provisioned-concurrency", "PutProvisionedConcurrencyConfig");
route("DELETE", "/2019-09-30/functions/{fn}/provisioned-concurrency", "DeleteProvisionedConcurrencyConfig");
route("GET", "/2021-07-20/functions/{fn}/runtime-management-config", "GetRuntimeManagementConfig");
route("PUT", "/2021-07-20/functions/{fn}/runtime-management-config", "PutRuntimeManagementConfig");
route("GET", "/2017-03-31/tags/{fn}", "ListTags");
route("POST", "/2017-03-31/tags/{fn}", "TagResource");
route("DELETE", "/2017-03-31/tags/{fn}", "UntagResource");

export interface LambdaOperation {
  operation: string;
  /** The function's name (from the path, or the body of CreateFunction), "" when none. */
  functionName: string;
  /** The ARN the path gave (tags calls), when it gave one. */
  arn?: string;
  qualifier?: string;
}

export function lambdaOperation(call: RecordedCall, body: Record<string, unknown>): LambdaOperation {
  for (const r of routes) {
    if (r.method !== call.method) continue;
    const m = r.path.exec(call.path);
    if (!m) continue;
    const raw = m[1] === undefined ? String(body.FunctionName ?? "") : decodeURIComponent(m[1]);
    const arn = raw.startsWith("arn:") ? raw : undefined;
    const out: LambdaOperation = { operation: r.operation, functionName: functionNameOf(raw) };
    if (arn) out.arn = arn;
    if (call.query.Qualifier) out.qualifier = call.query.Qualifier;
    return out;
  }
  throw new Error(`Lambda: no operation for ${call.method} ${call.path}`);
}

/** `name`, `123456789012:function:name`, `arn:aws:lambda:r:a:function:name[:qualifier]` → `name`. */
export function functionNameOf(raw: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(raw);
  return m ? m[1]! : raw;
}
