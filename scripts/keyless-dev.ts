// `npm run keyless -- ARGS`: the CLI from the TypeScript sources (through tsx), without a build.
import { main } from "../src/cli/main.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.exitCode = await main(process.argv.slice(2));
