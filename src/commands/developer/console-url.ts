/**
 * The AWS console sign-in URL of `keyless console`, pure. AWS's "custom identity broker" sign-in
 * (IAM User Guide, "Enable custom identity broker access to the AWS console"): role credentials are
 * exchanged at the partition's federation endpoint (`Action=getSigninToken`) for a sign-in token,
 * and `<endpoint>?Action=login&Issuer=...&Destination=...&SigninToken=...` signs the browser in.
 * The URL is a secret for its 15 minutes: it is only ever printed with --print.
 */
import { KeylessError } from "../../errors/keyless-error.ts";

export type Partition = "aws" | "aws-us-gov" | "aws-cn";

interface PartitionHosts {
  federation: string;
  /** The console's host for a region. */
  console: (region: string) => string;
}

const HOSTS: Record<Partition, PartitionHosts> = {
  aws: {
    federation: "https://signin.aws.amazon.com/federation",
    console: (r) => `${r}.console.aws.amazon.com`,
  },
  "aws-us-gov": {
    federation: "https://signin.amazonaws-us-gov.com/federation",
    console: () => "console.amazonaws-us-gov.com",
  },
  "aws-cn": {
    federation: "https://signin.amazonaws.cn/federation",
    console: () => "console.amazonaws.cn",
  },
};

/** A region name: two letters, words, a number (us-east-1, us-gov-west-1, cn-north-1, ap-southeast-4). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** A console service path: lower-case words joined by hyphens (s3, ec2, cloudwatch, iam, vpc, lambda). */
const SERVICE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The partition of a region; USAGE for a malformed region or an isolated (ISO) partition. */
export function partitionOf(region: string, source: string): Partition {
  if (!REGION.test(region)) {
    throw new KeylessError("USAGE", `${source} "${region}" is not an AWS region name`, {
      hint: "Use a region such as eu-central-1, us-east-1 or us-gov-west-1.",
    });
  }
  if (/^us-iso|^eu-iso/.test(region)) {
    throw new KeylessError("USAGE", `${source} "${region}" is in an isolated partition`, {
      hint: "keyless console supports the aws, aws-us-gov and aws-cn partitions.",
    });
  }
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}

/** USAGE unless `service` is a console service path. */
export function checkService(service: string): string {
  if (service.length > 40 || !SERVICE.test(service)) {
    throw new KeylessError("USAGE", `--service "${service}" is not an AWS console service name`, {
      hint: "Use the name in the console's URL, such as s3, ec2, iam, cloudwatch or lambda.",
    });
  }
  return service;
}

export function federationEndpoint(partition: Partition): string {
  return HOSTS[partition].federation;
}

/** The console page to land on: the service's home (default the console home) in `region`. */
export function consoleDestination(partition: Partition, region: string, service = "console"): string {
  return `https://${HOSTS[partition].console(region)}/${service}/home?region=${encodeURIComponent(region)}`;
}

/** `<endpoint>?Action=login&Issuer=...&Destination=...&SigninToken=...`, form-urlencoded. */
export function loginUrl(endpoint: string, issuer: string, destination: string, signinToken: string): string {
  const q = new URLSearchParams({
    Action: "login",
    Issuer: issuer,
    Destination: destination,
    SigninToken: signinToken,
  });
  return `${endpoint}?${q.toString()}`;
}

/**
 * KEYLESS_FEDERATION_ENDPOINT, a hook for tests and air-gapped mirrors: the sign-in token carries the
 * role's power, so only https, or http to this machine's loopback, is accepted.
 */
export function federationOverride(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw overrideError(value, "is not a URL");
  }
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw overrideError(value, "must be https (or http to 127.0.0.1, localhost or [::1])");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw overrideError(value, "must not carry a query, fragment or user name");
  }
  return url.toString();
}

function overrideError(value: string, why: string): KeylessError {
  return new KeylessError("USAGE", `KEYLESS_FEDERATION_ENDPOINT "${value}" ${why}`, {
    hint: "Unset it to use AWS's federation endpoint, or give the full URL of a stand-in, e.g. http://127.0.0.1:8080/federation.",
  });
}
