// Resolves an AWS profile with the AWS SDK for JavaScript v3 (`fromIni`) and prints the STS caller
// identity as JSON. Run in a child node process by js-sdk.ts so that AWS_CONFIG_FILE, HOME and the
// endpoint variables are exactly the test's: `node js-resolve.mjs PROFILE` or `--versions`.
import { createRequire } from "node:module";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromIni } from "@aws-sdk/credential-providers";

const arg = process.argv[2];
if (!arg) {
  process.stderr.write("usage: js-resolve.mjs PROFILE | --versions\n");
  process.exit(2);
}

if (arg === "--versions") {
  const require = createRequire(import.meta.url);
  const version = (name) => require(`${name}/package.json`).version;
  const names = ["@aws-sdk/credential-providers", "@aws-sdk/client-sts", "@aws-sdk/credential-provider-ini"];
  const out = { node: process.versions.node };
  for (const name of names) {
    try {
      out[name] = version(name);
    } catch {
      out[name] = "not resolvable from here";
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

try {
  // Credentials first, so a profile problem is reported by fromIni itself (not as a missing region).
  const credentials = fromIni({ profile: arg });
  await credentials();
  // `profile` on the client makes its region come from that profile too, as an app would configure it.
  const client = new STSClient({ profile: arg, credentials });
  const id = await client.send(new GetCallerIdentityCommand({}));
  process.stdout.write(`${JSON.stringify({ account: id.Account, arn: id.Arn, userId: id.UserId })}\n`);
} catch (err) {
  const name = err && typeof err === "object" && "name" in err ? err.name : "Error";
  const message = err && typeof err === "object" && "message" in err ? err.message : String(err);
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(1);
}
