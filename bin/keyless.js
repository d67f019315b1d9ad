#!/usr/bin/env node
// The published entry point: runs the compiled CLI. The package is built by `prepack` (npm pack /
// npm publish); in a clone, dist/ exists only after `npm run build` (the tests build it themselves).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// keyless supports Node 20 on purpose; the AWS SDK's notice about its future Node 22 requirement is
// not something a user can act on in the middle of a command, so it is silenced unless asked for.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(entry)) {
  // Only a source checkout that was never built gets here (a packed or installed package has dist/).
  const root = fileURLToPath(new URL("..", import.meta.url));
  process.stderr.write(
    `keyless: ${fileURLToPath(entry)} is missing: this source checkout has not been built.\n` +
      `Run \`npm ci && npm run build\` in ${root}, or install the package (see README.md, Install).\n`,
  );
  process.exitCode = 1;
} else {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
}
