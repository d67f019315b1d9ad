"""Resolves an AWS profile with boto3/botocore and prints the STS caller identity as JSON.

Run by test/interop/consumers/botocore.ts: `python3 botocore-resolve.py PROFILE`, or
`--versions` to print the boto3/botocore versions. Errors go to stderr with exit code 1.
"""

import json
import sys

import boto3
import botocore


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: botocore-resolve.py PROFILE | --versions", file=sys.stderr)
        return 2
    if sys.argv[1] == "--versions":
        print(json.dumps({"python": sys.version.split()[0], "boto3": boto3.__version__, "botocore": botocore.__version__}))
        return 0
    try:
        ident = boto3.Session(profile_name=sys.argv[1]).client("sts").get_caller_identity()
    except Exception as err:  # noqa: BLE001 - every failure is reported to the test verbatim
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(json.dumps({"account": ident["Account"], "arn": ident["Arn"], "userId": ident["UserId"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
