"""botocore's side of the token-cache interop tests (run by botocore-token-cache.test.ts).

Commands (argv[1]):
  resolve PROFILE   load the SSO token through botocore.tokens.SSOTokenProvider (refreshing it from
                    the cache keyless wrote if it is expired), then resolve the profile's role
                    credentials (GetRoleCredentials). Prints JSON facts, never a token or key.
  write SESSION     read a JSON token description from stdin and save it with botocore's own
                    SSOTokenLoader + JSONFileCache + _sso_json_dumps (what `aws sso login` uses).
HOME, AWS_CONFIG_FILE and AWS_ENDPOINT_URL_SSO[_OIDC] come from the environment.
"""
import json
import os
import sys
from datetime import datetime, timezone

import botocore.session
from botocore.tokens import SSOTokenProvider, _sso_json_dumps
from botocore.utils import JSONFileCache, SSOTokenLoader

CACHE_DIR = os.path.expanduser(os.path.join("~", ".aws", "sso", "cache"))


def resolve(profile):
    session = botocore.session.Session(profile=profile)
    token = SSOTokenProvider(session).load_token().get_frozen_token()
    creds = session.get_credentials().get_frozen_credentials()
    loader = SSOTokenLoader(cache=JSONFileCache(CACHE_DIR, dumps_func=_sso_json_dumps))
    sso = session.full_config["sso_sessions"][session.full_config["profiles"][profile]["sso_session"]]
    cached = loader(sso["sso_start_url"], session_name=session.full_config["profiles"][profile]["sso_session"])
    print(json.dumps({
        "tokenExpiresAt": token.expiration.isoformat() if hasattr(token.expiration, "isoformat") else str(token.expiration),
        "tokenMatchesCache": token.token == cached["accessToken"],
        "credentialsResolved": bool(creds.access_key and creds.secret_key and creds.token),
        "accessKeyPrefix": creds.access_key[:4],
    }))


def write(session_name):
    spec = json.load(sys.stdin)
    token = dict(spec)
    for key in ("expiresAt", "registrationExpiresAt"):
        if key in token:
            token[key] = datetime.fromtimestamp(token[key] / 1000, timezone.utc)
    loader = SSOTokenLoader(cache=JSONFileCache(CACHE_DIR, dumps_func=_sso_json_dumps))
    loader.save_token(token["startUrl"], token, session_name=session_name)


if __name__ == "__main__":
    {"resolve": resolve, "write": write}[sys.argv[1]](sys.argv[2])
