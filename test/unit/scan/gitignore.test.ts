import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  globMatcher,
  type IgnoreFile,
  isIgnored,
  parseGitignore,
} from "../../../src/checks/scan/gitignore.ts";

const ignoredBy = (text: string, path: string, isDir = false): boolean =>
  isIgnored([parseGitignore(text, "")], path, isDir);

describe("gitignore matcher", () => {
  it("matches a name without a slash at any depth", () => {
    assert.equal(ignoredBy("*.log", "debug.log"), true);
    assert.equal(ignoredBy("*.log", "a/b/debug.log"), true);
    assert.equal(ignoredBy("*.log", "debug.log.txt"), false);
    assert.equal(ignoredBy("crash.log", "x/crash.log"), true);
  });

  it("anchors patterns with a leading or inner slash to the .gitignore's directory", () => {
    assert.equal(ignoredBy("/build", "build", true), true);
    assert.equal(ignoredBy("/build", "src/build", true), false);
    assert.equal(ignoredBy("docs/*.md", "docs/a.md"), true);
    assert.equal(ignoredBy("docs/*.md", "x/docs/a.md"), false);
    assert.equal(ignoredBy("docs/*.md", "docs/sub/a.md"), false, "* does not cross a slash");
  });

  it("supports ** at the start, the end and in the middle", () => {
    assert.equal(ignoredBy("**/.terraform/*", ".terraform/x"), true);
    assert.equal(ignoredBy("**/.terraform/*", "envs/prod/.terraform/x"), true);
    assert.equal(ignoredBy("logs/**", "logs/a/b.txt"), true);
    assert.equal(ignoredBy("logs/**", "logs"), false);
    assert.equal(ignoredBy("a/**/z", "a/z"), true);
    assert.equal(ignoredBy("a/**/z", "a/b/c/z"), true);
    assert.equal(ignoredBy("a/**/z", "b/a/z"), false);
  });

  it("applies a trailing slash to directories only", () => {
    assert.equal(ignoredBy("tmp/", "tmp", true), true);
    assert.equal(ignoredBy("tmp/", "tmp", false), false);
    assert.equal(ignoredBy("tmp/", "x/tmp", true), true);
  });

  it("lets the last matching pattern win, including negation", () => {
    assert.equal(ignoredBy("*.tfvars\n!example.tfvars", "example.tfvars"), false);
    assert.equal(ignoredBy("*.tfvars\n!example.tfvars", "prod.tfvars"), true);
    assert.equal(ignoredBy("!example.tfvars\n*.tfvars", "example.tfvars"), true);
  });

  it("skips comments and blank lines, honours escapes, character classes and ?", () => {
    assert.equal(ignoredBy("# comment\n\n\\#hash", "#hash"), true);
    assert.equal(ignoredBy("\\!bang", "!bang"), true);
    assert.equal(ignoredBy("file[0-9].txt", "file3.txt"), true);
    assert.equal(ignoredBy("file[!0-9].txt", "file3.txt"), false);
    assert.equal(ignoredBy("file?.txt", "fileA.txt"), true);
    assert.equal(ignoredBy("file?.txt", "file/.txt"), false);
    assert.equal(ignoredBy("a.b", "axb"), false, "a dot is literal");
  });

  it("lets a nested .gitignore override its parent for paths below it", () => {
    const stack: IgnoreFile[] = [parseGitignore("*.tfvars\n", ""), parseGitignore("!keep.tfvars\n", "envs")];
    assert.equal(isIgnored(stack, "envs/keep.tfvars", false), false);
    assert.equal(isIgnored(stack, "envs/other.tfvars", false), true);
    assert.equal(isIgnored(stack, "keep.tfvars", false), true, "the nested file only applies below envs/");
    assert.equal(isIgnored([parseGitignore("/x.txt", "sub")], "sub/x.txt", false), true);
    assert.equal(isIgnored([parseGitignore("/x.txt", "sub")], "sub/deeper/x.txt", false), false);
  });
});

describe("allow-list globs", () => {
  it("match whole paths; ** spans directories, * does not", () => {
    assert.equal(globMatcher("test/fixtures/**")("test/fixtures/a/b.tf"), true);
    assert.equal(globMatcher("test/*.tf")("test/a/b.tf"), false);
    assert.equal(globMatcher("**/*.tfvars")("envs/prod/x.tfvars"), true);
    assert.equal(globMatcher("**/*.tfvars")("x.tfvars"), true);
    assert.equal(globMatcher("./main.tf")("main.tf"), true);
    assert.equal(globMatcher("env:AWS_*")("env:AWS_ACCESS_KEY_ID"), true);
    assert.equal(globMatcher("~/.aws/credentials")("~/.aws/credentials"), true);
  });
});
