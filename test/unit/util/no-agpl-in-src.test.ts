/**
 * AGPL-licensed packages (the IAM evaluator the tests use) may be devDependencies for tests only:
 * nothing under src/ imports them and none is a runtime dependency, so the published package stays
 * MIT. The list of AGPL packages comes from package-lock.json, so a new one is caught too.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(import.meta.dirname, "..", "..", "..");

function agplPackages(): string[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { license?: string }>;
  };
  return Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith("node_modules/") && /AGPL/i.test(p.license ?? ""))
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) out.push(path);
  }
  return out;
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[1] ?? "");
  return found;
}

describe("AGPL packages stay out of the shipped code", () => {
  const agpl = agplPackages();

  it("the lockfile names the AGPL evaluator, and only as a dev package", () => {
    assert.ok(agpl.includes("@cloud-copilot/iam-simulate"), `AGPL packages: ${agpl.join(", ")}`);
    const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { license?: string; dev?: boolean }>;
    };
    for (const name of agpl) assert.equal(lock.packages[`node_modules/${name}`]?.dev, true, name);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of agpl)
      assert.equal(pkg.dependencies[name], undefined, `${name} is a runtime dependency`);
  });

  it("no file under src/ or bin/ imports one", () => {
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(root, "src")), ...sourceFiles(join(root, "bin"))]) {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        if (agpl.some((name) => spec === name || spec.startsWith(`${name}/`)))
          offenders.push(`${file}: ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it("the import scanner sees the forms an import can take", () => {
    const text = [
      'import { runSimulation } from "@cloud-copilot/iam-simulate";',
      "export * from '@cloud-copilot/iam-policy';",
      'const m = await import("@cloud-copilot/iam-utils/x.js");',
    ].join("\n");
    assert.deepEqual(specifiers(text), [
      "@cloud-copilot/iam-simulate",
      "@cloud-copilot/iam-policy",
      "@cloud-copilot/iam-utils/x.js",
    ]);
  });
});
