#!/usr/bin/env node
// The published entry point: runs the compiled CLI (built by `npm run build`, also on `npm ci`).

// keyless supports Node 20 on purpose; the AWS SDK's notice about its future Node 22 requirement is
// not something a user can act on in the middle of a command, so it is silenced unless asked for.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
