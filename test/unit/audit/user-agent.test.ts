import assert from "node:assert/strict";
import { test } from "node:test";
import { shortenUserAgent } from "../../../src/checks/audit/user-agent.ts";

test("user agents are shortened to tool and version, or browser and OS", () => {
  const cases: [string, string][] = [
    [
      "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/command#sso.login",
      "aws-cli/2.17.20 sso.login",
    ],
    [
      "aws-cli/1.18.69 Python/3.8.10 Linux/5.4.0 botocore/1.16.19 command/sso.login",
      "aws-cli/1.18.69 sso.login",
    ],
    [
      "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 aws-sdk-go-v2/1.32.3",
      "Terraform/1.9.8",
    ],
    ["Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0", "Boto3/1.35.54"],
    ["aws-sdk-js/3.1138.0 ua/2.1 os/linux#6.8.0 lang/js md/nodejs#20.20.0", "aws-sdk-js/3.1138.0"],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
      "Chrome 130 (macOS)",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0",
      "Firefox 131 (Windows)",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.2849.68",
      "Edge 130 (Windows)",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari 17 (iOS)",
    ],
    ["AWS Internal", "AWS Internal"],
    ["", "-"],
    ["x".repeat(60), `${"x".repeat(39)}…`],
  ];
  for (const [ua, want] of cases) assert.equal(shortenUserAgent(ua), want, ua);
});
